package io.switchboard.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.switchboard.config.RelayTarget;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay session to a UDP target: one upstream datagram channel, connected to the target so that
 * only its datagrams come back (and the kernel reports "port unreachable"). Each browser message
 * is one datagram; each datagram back is one message. Nothing marks the end of a datagram
 * conversation, so the session ends when the browser leaves or after the idle timeout.
 */
final class UdpRelaySession extends RelaySession {
    /** The largest payload of one UDP datagram over IPv4. */
    static final int MAX_DATAGRAM = 65_507;
    /** Datagrams on their way to the browser at once, at most; past that the kernel's buffer holds (and drops) them. */
    static final int WINDOW = 4;
    private static final Logger log = LoggerFactory.getLogger(UdpRelaySession.class);

    private final SendWindow window;
    private volatile Channel channel;
    private boolean closing; // on the loop only

    UdpRelaySession(RelayTarget target, Mode mode, Downstream downstream, RelayContext context,
            RelayCounters counters, Runnable onFinish) {
        super(target, mode, downstream, context, counters, onFinish);
        // Counted in whole datagrams: a read buffer has room for the largest one.
        this.window = new SendWindow(WINDOW, 1);
    }

    @Override
    protected void connect() {
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        if (address.isUnresolved()) {
            fail(BAD_GATEWAY, unreachable(new UnknownHostException(target.host())));
            return;
        }
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channel(context.loops().datagramChannel())
                // one more byte than the largest datagram, so that nothing is cut short unnoticed
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM + 1))
                .handler(new Upstream())
                .connect(address);
        channel = connecting.channel();
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                fail(BAD_GATEWAY, unreachable(f.cause()));
            } else if (closing) {
                f.channel().close();
            } else {
                window.pace(f.channel());
                connected();
            }
        });
    }

    /** The datagram channel's events, on the session's loop. */
    private final class Upstream extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = msg instanceof ByteBufHolder packet ? packet.content() : (ByteBuf) msg;
            touch();
            if (closing) {
                bytes.release();
            } else {
                forward(bytes);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof PortUnreachableException) {
                fail(BAD_GATEWAY, unreachable(cause));
            } else if (!closing) {
                log.debug("relay {}: receive failed: {}", target.name(), cause.toString());
                fail(BAD_GATEWAY, "upstream " + target.uri() + ": " + cause.getMessage());
            }
        }
    }

    /** One datagram, one message: binary straight from the read's buffer, or one line of text. */
    private void forward(ByteBuf bytes) {
        int n = bytes.readableBytes();
        holdDown(n);
        window.taken(1);
        Downstream.Written done = ok -> onLoop(() -> {
            bytes.release();
            holdDown(-n);
            if (ok) {
                deliveredDown(n);
            } else {
                closeChannel();
            }
            window.sent(1);
        });
        if (mode == Mode.LINES) {
            downstream.sendText(text(bytes), done);
        } else {
            downstream.sendBinary(bytes.nioBuffer(), done);
        }
    }

    /** A datagram as one line of text: UTF-8 (bad bytes become U+FFFD), one trailing line end dropped. */
    private static String text(ByteBuf bytes) {
        byte[] copy = new byte[bytes.readableBytes()];
        bytes.getBytes(bytes.readerIndex(), copy);
        int end = copy.length;
        if (end > 0 && copy[end - 1] == '\n') {
            end--;
        }
        if (end > 0 && copy[end - 1] == '\r') {
            end--;
        }
        return new String(copy, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    protected boolean appendsLineEnd() {
        return false; // a datagram is its own frame
    }

    @Override
    protected void toUpstream(ByteBuf bytes, Downstream.Written done) {
        onLoop(() -> {
            Channel ch = channel;
            if (closing || ch == null || !ch.isActive()) {
                bytes.release();
                done.written(false);
                return;
            }
            ch.write(bytes).addListener((ChannelFuture f) -> {
                if (!f.isSuccess() && !closing) {
                    Throwable cause = f.cause();
                    fail(BAD_GATEWAY, cause instanceof PortUnreachableException ? unreachable(cause)
                            : "upstream " + target.uri() + ": " + cause.getMessage());
                }
                done.written(f.isSuccess());
            });
            flushAtEndOfTurn(ch);
        });
    }

    @Override
    protected void afterBrowserClosed() {
        onLoop(this::closeChannel); // no half-close for datagrams: nothing is in flight that a close could cut
    }

    @Override
    protected void fail(int code, String reason) {
        ending(code);
        closeDownstream(code, reason);
        onLoop(this::closeChannel);
    }

    private void closeChannel() {
        if (!closing) {
            closing = true;
            Channel ch = channel;
            if (ch != null) {
                ch.close();
            }
            finish();
        }
    }
}
