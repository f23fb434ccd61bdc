package io.switchboard.relay;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.switchboard.config.RelayTarget;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A relay session to a TCP target: one upstream channel for one browser WebSocket.
 *
 * <p>Closing follows the stream: upstream EOF → everything read is delivered, then 1000; the
 * browser closes → once every byte it sent is written, upstream output is shut down (a FIN),
 * what upstream still sends is read and dropped for the drain time, then the channel is closed.
 * Reading to the end before closing matters: closing with unread bytes would send a reset, and a
 * reset can make the peer discard data it had not read yet.
 */
final class TcpRelaySession extends RelaySession {
    private static final Logger log = LoggerFactory.getLogger(TcpRelaySession.class);
    /** Upstream reads in flight to the browser at once, at most: the window is this many pieces. */
    static final int WINDOW = 4;

    private final LineSplitter lines;
    private final SendWindow window;
    private final DirectWrites direct = new DirectWrites();
    private final byte[] scratch; // lines mode: a read's bytes when the buffer has no array
    private volatile SocketChannel channel;
    // on the loop only:
    private boolean browserGone;
    private boolean inputDone;
    private boolean closing;

    TcpRelaySession(RelayTarget target, Mode mode, Downstream downstream, RelayContext context,
            RelayCounters counters, Runnable onFinish) {
        super(target, mode, downstream, context, counters, onFinish);
        this.lines = mode == Mode.LINES ? new LineSplitter(context.frameBytes()) : null;
        this.scratch = mode == Mode.LINES ? new byte[context.chunkBytes()] : null;
        this.window = new SendWindow(WINDOW * context.chunkBytes(), context.chunkBytes());
    }

    @Override
    protected void connect() {
        InetSocketAddress address = new InetSocketAddress(target.host(), target.port());
        if (address.isUnresolved()) {
            fail(BAD_GATEWAY, unreachable(new UnknownHostException(target.host())));
            return;
        }
        int chunk = context.chunkBytes();
        ChannelFuture connecting = new Bootstrap()
                .group(loop)
                .channelFactory(RelayChannel::new)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) context.settings().connectTimeout().toMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true) // upstream's EOF is not the end: the browser may still send
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, Math.min(2048, chunk), chunk))
                .handler(new Upstream())
                .connect(address);
        channel = (SocketChannel) connecting.channel();
        connecting.addListener((ChannelFuture f) -> {
            if (!f.isSuccess()) {
                if (!closing) {
                    log.debug("relay {}: {}", target.name(), String.valueOf(f.cause()));
                    fail(BAD_GATEWAY, unreachable(f.cause()));
                }
            } else if (closing || browserGone) {
                closeChannel();
            } else {
                window.pace(f.channel());
                direct.open(((RelayChannel) f.channel()).socket());
                connected();
            }
        });
    }

    /** The upstream channel's events, on the session's loop. */
    private final class Upstream extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf bytes = (ByteBuf) msg;
            touch();
            if (browserGone || closing) {
                bytes.release(); // draining after the browser left: read to the end, keep nothing
            } else if (lines == null) {
                forward(bytes);
            } else {
                forwardLines(bytes);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                inputDone = true;
                if (browserGone || closing) {
                    closeChannel(); // the drain is over: upstream finished before its deadline
                } else if (window.empty()) {
                    upstreamEnded();
                } // else: the last sends' completion ends it
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (!closing && !browserGone) {
                log.debug("relay {}: upstream failed: {}", target.name(), cause.toString());
                fail(BAD_GATEWAY, "upstream " + target.uri() + " reset the connection");
            } else {
                closeChannel();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            closeChannel(); // closed under us (a reset after which nothing is left to drain)
        }
    }

    /** Hands one read to the browser as a binary frame made of the read's own buffer (no copy). */
    private void forward(ByteBuf bytes) {
        int n = bytes.readableBytes();
        holdDown(n);
        window.taken(n);
        downstream.sendBinary(bytes.nioBuffer(), ok -> onLoop(() -> {
            bytes.release();
            holdDown(-n);
            if (ok) {
                deliveredDown(n);
            }
            settled(ok);
            window.sent(n);
        }));
    }

    /**
     * Hands every line one read completes to the browser at once (Jetty keeps their order); only
     * the last is awaited. The lines are copies, so the read's buffer is free at once; bytes of a
     * line not yet complete stay counted as held until it is.
     */
    private void forwardLines(ByteBuf bytes) {
        int n = bytes.readableBytes();
        bytes.readBytes(scratch, 0, n);
        bytes.release();
        int before = lines.pending();
        holdDown(n);
        List<String> complete = new ArrayList<>(2);
        lines.feed(scratch, 0, n, complete::add);
        int held = n + before - lines.pending();
        if (complete.isEmpty()) {
            holdDown(-held);
            deliveredDown(n);
            return;
        }
        window.taken(held);
        for (int i = 0; i < complete.size() - 1; i++) {
            downstream.sendText(complete.get(i), ok -> { });
        }
        downstream.sendText(complete.get(complete.size() - 1), ok -> onLoop(() -> {
            holdDown(-held);
            if (ok) {
                deliveredDown(n);
            }
            settled(ok);
            window.sent(held);
        }));
    }

    /** A send to the browser completed: the browser may be gone, or upstream's EOF may be due now. */
    private void settled(boolean ok) {
        if (!ok) {
            afterBrowserClosed(); // the browser's connection broke; Jetty reports the close too
        } else if (inputDone && window.empty() && !browserGone && !closing) {
            upstreamEnded();
        }
    }

    /** Upstream sent EOF and all it sent is out: the last partial line, then 1000. Upstream stays open for writing. */
    private void upstreamEnded() {
        String rest = lines == null ? null : lines.finish();
        if (rest != null) {
            downstream.sendText(rest, ok -> { });
        }
        ending(NORMAL);
        closeDownstream(NORMAL, "upstream closed the connection");
    }

    @Override
    protected boolean appendsLineEnd() {
        return mode == Mode.LINES;
    }

    /** On the caller's thread while upstream takes the bytes at once; otherwise (the rest) on the loop. */
    @Override
    protected void toUpstream(ByteBuf bytes, Downstream.Written done) {
        if (direct.tryWrite(bytes)) {
            bytes.release();
            done.written(true);
            return;
        }
        direct.handOff();
        onLoop(() -> {
            Channel ch = channel;
            if (closing || ch == null || !ch.isActive()) {
                bytes.release();
                direct.handedOver();
                done.written(false);
                return;
            }
            ch.write(bytes).addListener((ChannelFuture f) -> {
                if (!f.isSuccess() && !closing) {
                    log.debug("relay {}: upstream write failed: {}", target.name(), String.valueOf(f.cause()));
                    fail(BAD_GATEWAY, "upstream " + target.uri() + " stopped taking data");
                }
                direct.handedOver();
                done.written(f.isSuccess());
            });
            flushAtEndOfTurn(ch);
        });
    }

    @Override
    protected void afterBrowserClosed() {
        onLoop(() -> {
            if (browserGone) {
                return;
            }
            browserGone = true;
            direct.stop();
            SocketChannel ch = channel;
            if (ch == null || !ch.isActive()) {
                closeChannel(); // still connecting, or it failed: nothing to drain
                return;
            }
            window.resume(); // what upstream still sends is read and dropped
            // An empty write completes after every write before it: the FIN goes after the browser's last bytes.
            ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFuture f) -> {
                if (inputDone) {
                    ch.shutdownOutput().addListener((ChannelFuture s) -> closeChannel());
                } else {
                    ch.shutdownOutput();
                    loop.schedule(this::closeChannel, context.settings().drain().toMillis(), TimeUnit.MILLISECONDS);
                }
            });
        });
    }

    @Override
    protected void fail(int code, String reason) {
        ending(code);
        closeDownstream(code, reason);
        onLoop(() -> {
            browserGone = true;
            closeChannel();
        });
    }

    /** Closes upstream and ends the session; once. On the loop. */
    private void closeChannel() {
        if (!closing) {
            closing = true;
            direct.stop();
            Channel ch = channel;
            if (ch != null) {
                ch.close().addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
            }
            finish();
        }
    }
}
