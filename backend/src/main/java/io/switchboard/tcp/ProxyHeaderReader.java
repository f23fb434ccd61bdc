package io.switchboard.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol.AddressFamily;
import io.switchboard.config.TrustedProxies;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First on a connection from a {@code --trusted-proxy}: reads the PROXY protocol header (v1 or
 * v2, decoded by Netty's {@link HAProxyMessageDecoder}) that the proxy sends before anything else,
 * and admits the connection as the client the header names; then steps out of the pipeline, and
 * what followed the header goes on to the connection as its first input.
 *
 * <p>A trusted peer that sends no header is a plain client of its own (an operator on the proxy's
 * machine with nc): its first bytes are not a signature, or it sends nothing for
 * {@link #FIRST_BYTES_MILLIS}. {@code PROXY UNKNOWN}, a v2 LOCAL header (a health check) or a
 * Unix-socket source keep the socket's peer. A malformed or unfinished header closes the
 * connection, with a WARN line: it is the proxy that is broken, and guessing would be worse.
 */
final class ProxyHeaderReader extends ChannelInboundHandlerAdapter {
    /** How long a trusted peer may be silent before it counts as a plain client; proxies send at once. */
    static final long FIRST_BYTES_MILLIS = 500;
    /** How long a header, once begun, may take to arrive in full. */
    static final long WHOLE_HEADER_MILLIS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(ProxyHeaderReader.class);
    private static final String DECODER = "proxy-protocol";
    private static final int MAX_TLV_BYTES = 2048; // a proxy's extras (TLVs) are read past, up to this much

    private final InetSocketAddress peer;
    private final String shown; // the proxy's ip:port, for log lines
    private final BiPredicate<Channel, InetSocketAddress> admission;
    private ByteBuf pending;   // bytes read while deciding whether they are a header
    private boolean decoding;  // they are: the decoder in front of this handler reads the rest
    private boolean done;      // admitted, or closed: nothing left to decide
    private boolean warned;
    private ScheduledFuture<?> quiet;
    private ScheduledFuture<?> deadline;

    /**
     * @param peer      the proxy's socket address
     * @param admission gives a client its slot and connection handler (added after this one);
     *                  false if it was refused (and told so)
     */
    ProxyHeaderReader(InetSocketAddress peer, BiPredicate<Channel, InetSocketAddress> admission) {
        this.peer = peer;
        this.shown = peer.getAddress().getHostAddress() + ":" + peer.getPort();
        this.admission = admission;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // Not passed on: the connection handler does not exist yet, and gets its channelActive when it does.
        quiet = ctx.executor().schedule(() -> {
            if (!done && pending == null && !decoding) {
                handOver(ctx, peer); // said nothing: someone typing, not a proxy
            }
        }, FIRST_BYTES_MILLIS, TimeUnit.MILLISECONDS);
        deadline = ctx.executor().schedule(() -> {
            if (!done) {
                malformed(ctx, "no complete PROXY header within " + WHOLE_HEADER_MILLIS + " ms");
            }
        }, WHOLE_HEADER_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HAProxyMessage header) {
            String source = header.sourceAddress();
            InetSocketAddress client;
            try {
                client = clientOf(header);
            } finally {
                header.release();
            }
            if (client == null) {
                malformed(ctx, "the PROXY header's source " + source + " is not an IP address");
            } else {
                log.debug("tcp {}: PROXY header from a trusted proxy names {}", shown, client);
                handOver(ctx, client);
            }
            return;
        }
        if (done || decoding) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf in = (ByteBuf) msg;
        if (pending == null) {
            pending = ctx.alloc().buffer(in.readableBytes());
        }
        pending.writeBytes(in);
        in.release();
        switch (ProxySignature.of(pending)) {
            case NOT_A_HEADER -> handOver(ctx, peer);
            case HEADER -> decode(ctx);
            case UNDECIDED -> { } // the start of a signature so far: wait for more
        }
    }

    /** Puts Netty's decoder in front and gives it what was read; it answers with an HAProxyMessage (or an error). */
    private void decode(ChannelHandlerContext ctx) {
        decoding = true;
        ctx.pipeline().addBefore(ctx.name(), DECODER, new HAProxyMessageDecoder(MAX_TLV_BYTES));
        ByteBuf bytes = pending;
        pending = null;
        ctx.pipeline().fireChannelRead(bytes); // from the head: into the decoder, which is first now
    }

    /** The client a header names, the proxy itself when it names none, null when what it names is no IP. */
    private InetSocketAddress clientOf(HAProxyMessage header) {
        AddressFamily family = header.proxiedProtocol().addressFamily();
        if (header.command() == HAProxyCommand.LOCAL
                || (family != AddressFamily.AF_IPv4 && family != AddressFamily.AF_IPv6)) {
            return peer; // a health check, PROXY UNKNOWN, or a Unix socket: no client address to go by
        }
        InetAddress source = TrustedProxies.literal(header.sourceAddress());
        return source == null ? null : new InetSocketAddress(source, header.sourcePort());
    }

    /**
     * Admits the connection as {@code client}: its handler goes after this one, hears channelActive
     * and then what was read beyond the header; this handler leaves the pipeline.
     */
    private void handOver(ChannelHandlerContext ctx, InetSocketAddress client) {
        done = true;
        cancelTimers();
        ByteBuf rest = pending;
        pending = null;
        if (ctx.channel().isActive() && admission.test(ctx.channel(), client)) {
            ctx.fireChannelActive();
            if (rest != null && rest.isReadable()) {
                ctx.fireChannelRead(rest);
                rest = null;
            }
        }
        if (rest != null) {
            rest.release();
        }
        ctx.pipeline().remove(this);
    }

    /**
     * The peer closed its side before a header was complete. Without a header begun, it is a plain
     * client whose input has ended (like {@code echo hi | nc}): admitted, and then told of the end.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!done && event instanceof ChannelInputShutdownEvent) {
            if (decoding) {
                malformed(ctx, "connection half-closed inside its PROXY header");
                return;
            }
            handOver(ctx, peer);
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof DecoderException) {
            Throwable why = cause.getCause() == null ? cause : cause.getCause();
            malformed(ctx, "malformed PROXY header: " + why.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("tcp {}: {} before its PROXY header was read", shown, cause.toString());
            ctx.close();
        } else {
            log.error("tcp {}: reading the PROXY header", shown, cause);
            ctx.close();
        }
    }

    /** A broken header from a proxy we trust: the connection closes, and the operator hears why. */
    private void malformed(ChannelHandlerContext ctx, String why) {
        done = true;
        if (!warned) {
            warned = true;
            log.warn("tcp {}: {} from a trusted proxy; connection closed", shown, why);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        done = true; // gone before its header: nothing to admit
        cancelTimers();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimers();
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    private void cancelTimers() {
        if (quiet != null) {
            quiet.cancel(false);
        }
        if (deadline != null) {
            deadline.cancel(false);
        }
    }
}
