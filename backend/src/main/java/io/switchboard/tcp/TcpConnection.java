package io.switchboard.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.SocketChannel;
import io.switchboard.config.Settings;
import io.switchboard.core.Ending;
import io.switchboard.core.Event;
import io.switchboard.core.Hub;
import io.switchboard.core.Member;
import io.switchboard.core.Outbox;
import io.switchboard.core.Peer;
import io.switchboard.core.Side;
import io.switchboard.core.Sink;
import io.switchboard.render.LineFormat;
import io.switchboard.security.Guard;
import io.switchboard.security.Handshake;
import io.switchboard.telnet.Terminal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One telnet/nc member on its channel's event loop: bytes in go through the {@link Terminal}
 * to the hub; the member's outbox drains on the same loop, one buffer and one flush per batch,
 * and pauses while the channel is not writable (the outbox then fills and, past its limits,
 * the member is dropped as too slow: nobody's thread ever blocks on a slow reader).
 */
final class TcpConnection extends ChannelInboundHandlerAdapter implements Sink<byte[]> {
    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);

    private final Hub hub;
    private final Guard guard;
    private final Settings settings;
    private final Terminal terminal;
    private final TcpUpload upload;
    private final List<Terminal.Input> inputs = new ArrayList<>();
    private byte[] readBuffer = new byte[2048];
    private Channel channel;
    private final String address; // the client's, as rosters show it: the PROXY header's, from a trusted proxy
    private final String ip;
    private Outbox<byte[]> outbox;
    private volatile Member member; // read by the prompt, on this loop too
    private Handshake handshake;    // pending while the client has not authenticated
    private ScheduledFuture<?> deadline;
    private boolean refused;        // authentication failed: the connection is ending
    private boolean coloured;
    private boolean reset;
    private final Executor drainers;
    private volatile boolean closing;

    /** {@code drainers}: where this member's outbox drains, on the channel's loop (see Drainers). */
    TcpConnection(Hub hub, Guard guard, Settings settings, InetSocketAddress client, TcpUpload upload,
            Executor drainers) {
        this.hub = hub;
        this.drainers = drainers;
        this.upload = upload;
        this.guard = guard;
        this.settings = settings;
        this.ip = client.getAddress().getHostAddress();
        this.address = ip + ":" + client.getPort();
        this.terminal = new Terminal(settings.maxLineBytes(), new Prompts(hub, () -> member));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        outbox = new Outbox<>(LineFormat.CRLF, this, drainers, settings.outboxEvents(),
                settings.outboxBytes());
        if (guard.authRequired()) {
            // Not a member, in no room, sees nothing, until the challenge is answered.
            handshake = new Handshake(guard, ip, settings.authTimeout(), false, System.nanoTime());
            say(LineFormat.CRLF.notice(handshake.challengeLine()));
            deadline = channel.eventLoop().schedule(this::late, handshake.remaining(System.nanoTime()),
                    TimeUnit.NANOSECONDS);
        } else {
            admit();
        }
    }

    private void admit() {
        member = hub.join(new Peer("tcp", Side.NATIVE, address, Instant.now()), outbox, null, null);
        if (member == null) {
            say(LineFormat.CRLF.notice("server is shutting down"));
            endOutput();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            int n = in.readableBytes();
            if (refused || n == 0) {
                return; // a refused client's further bytes mean nothing
            }
            if (readBuffer.length < n) {
                readBuffer = new byte[Math.max(n, readBuffer.length * 2)];
            }
            in.readBytes(readBuffer, 0, n);
            received(n);
        } finally {
            in.release();
        }
    }

    /** Feeds the terminal; what it owes the client (replies, echo) is written at once. */
    private void received(int n) {
        byte[] reply = terminal.receive(readBuffer, 0, n, inputs);
        if (reply.length > 0) {
            channel.writeAndFlush(Unpooled.wrappedBuffer(reply));
        }
        if (!coloured && terminal.colour()) {
            coloured = true;
            outbox.reformat(LineFormat.ANSI); // encoded once per event for every colour terminal
        }
        act();
    }

    /** Acts on what the user did. */
    private void act() {
        upload.take(inputs, member); // a file's header, bytes and end
        for (Terminal.Input input : inputs) {
            if (input instanceof Terminal.Input.Line line) {
                if (member != null) {
                    hub.handle(member, line.text());
                } else if (!refused) {
                    authenticate(line.text());
                }
            } else if (input instanceof Terminal.Input.TooLong tooLong && member != null) {
                hub.tell(member, Event.Error.lineTooLong(tooLong.limit()));
            } else if (input instanceof Terminal.Input.AreYouThere && member != null) {
                hub.tell(member, new Event.Notice("yes: you are " + member.nick() + " in #" + member.room(),
                        Instant.now()));
            }
        }
        inputs.clear();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            // The peer closed its side (FIN): its last line still counts, then it leaves.
            if (!refused) {
                terminal.finish(inputs);
                act();
            }
            if (member != null && !closing) {
                hub.leave(member, "connection closed");
            } else {
                channel.close(); // our side was done already
            }
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            log.debug("tcp {}: {}", address, cause.toString());
            reset = true;
        } else {
            log.error("tcp {}", address, cause);
        }
        channel.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        if (member != null) {
            hub.vanished(member, closing ? "quit" : reset ? "connection reset" : "connection lost");
        }
        if (outbox != null) {
            outbox.abort();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (channel.isWritable()) {
            outbox.resume();
        }
    }

    private void authenticate(String line) {
        if (line.isBlank()) {
            return;
        }
        step(handshake.line(line, System.nanoTime()));
    }

    /** The deadline passed with the challenge unanswered: closed whatever the client does. */
    private void late() {
        if (handshake.open()) {
            step(handshake.late());
        }
    }

    private void step(Handshake.Step step) {
        switch (step.verdict()) {
            case WAIT -> {
                // A client that does not read its replies gets no more of them: nothing queues for it.
                if (channel.isWritable()) {
                    say(LineFormat.CRLF.error(step.text()));
                }
            }
            case ADMIT -> {
                deadline.cancel(false);
                say(LineFormat.CRLF.notice(step.text()));
                admit();
            }
            case REFUSE, HELD -> {
                deadline.cancel(false);
                log.warn("tcp {}: {}", address, step.text());
                refused = true;
                say(LineFormat.CRLF.error(step.text()));
                endOutput();
            }
        }
    }

    /** Writes one line before admission, when no outbox drainer exists; through the terminal, like all output. */
    private void say(byte[] line) {
        write(List.of(line));
    }

    @Override
    public void write(List<byte[]> batch) {
        int size = 64;
        for (byte[] payload : batch) {
            size += payload.length;
        }
        ByteBuf buf = channel.alloc().buffer(size);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            terminal.write(batch, out);
        } catch (IOException | RuntimeException e) {
            buf.release();
            throw new IllegalStateException("tcp " + address + ": cannot encode a batch", e);
        }
        channel.writeAndFlush(buf, channel.voidPromise());
    }

    @Override
    public boolean ready() {
        return channel.isWritable();
    }

    @Override
    public void close(Ending ending, String reason) {
        endOutput();
    }

    /**
     * Half-closes once everything written has gone out, so the last words arrive before the
     * FIN and no reset can destroy them; the peer's own close (or the grace) ends the channel.
     */
    private void endOutput() {
        closing = true;
        SocketChannel socket = (SocketChannel) channel;
        // Bounded whatever the peer does: one that never reads never lets the last write finish.
        socket.eventLoop().schedule(() -> socket.close(), settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        socket.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (socket.isInputShutdown() || !socket.isActive()) {
                socket.close(); // the peer is done too: nothing more to wait for
            } else {
                socket.shutdownOutput();
            }
        });
    }

    @Override
    public void abort() {
        closing = true;
        if (channel != null) {
            channel.close();
        }
    }
}
