package io.switchboard.tcp;

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
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One telnet/nc member: its reader runs on this task's thread, its writer is the member's
 * outbox drainer, which calls {@link #write} with everything pending in one batch.
 */
final class TcpConnection implements Runnable, Sink<byte[]> {
    private static final Logger log = LoggerFactory.getLogger(TcpConnection.class);
    private static final int READ_BUFFER = 8192;
    private static final int WRITE_BUFFER = 8 * 1024;

    private final Socket socket;
    private final Hub hub;
    private final Settings settings;
    private final Executor writers;
    private final String address;
    private OutputStream out;
    private volatile boolean closing;
    private Member member;

    TcpConnection(Socket socket, Hub hub, Settings settings, Executor writers) {
        this.socket = socket;
        this.hub = hub;
        this.settings = settings;
        this.writers = writers;
        this.address = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
    }

    @Override
    public void run() {
        try (socket) {
            socket.setTcpNoDelay(true); // batching happens in the outbox, not in Nagle's algorithm
            socket.setKeepAlive(true);
            out = new BufferedOutputStream(socket.getOutputStream(), WRITE_BUFFER);
            Outbox<byte[]> outbox = new Outbox<>(LineFormat.CRLF, this, writers, settings.outboxEvents(),
                    settings.outboxBytes());
            member = hub.join(new Peer("tcp", Side.NATIVE, address, Instant.now()), outbox, null, null);
            if (member == null) {
                socket.getOutputStream().write("-!- server is shutting down\r\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            readLoop(socket.getInputStream());
            outbox.closed().get(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.debug("tcp {}: {}", address, e.toString());
        } finally {
            if (member != null) {
                hub.vanished(member, "connection lost"); // no-op when the member already left
            }
        }
    }

    private void readLoop(InputStream in) {
        LineDecoder decoder = new LineDecoder(settings.maxLineBytes(), new LineDecoder.Listener() {
            @Override
            public void line(String text) {
                hub.handle(member, text);
            }

            @Override
            public void tooLong(int limit) {
                hub.tell(member, new Event.Error("line too long (over " + limit
                        + " bytes) and dropped; split it into shorter lines", Instant.now()));
            }
        });
        byte[] buffer = new byte[READ_BUFFER];
        for (;;) {
            int n = readOnce(in, buffer);
            if (n > 0) {
                decoder.feed(buffer, 0, n);
            } else if (n == -1) {
                decoder.finish();
                hub.leave(member, "connection closed");
                return;
            } else {
                hub.vanished(member, closing ? "quit" : "connection reset");
                return;
            }
        }
    }

    /**
     * One read: bytes read, -1 at end of stream, -2 when the connection failed. The try sits in
     * its own small method so the hot read loop's error path stays simple for the JIT.
     */
    private int readOnce(InputStream in, byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (SocketTimeoutException e) {
            return closing ? -2 : 0;
        } catch (IOException e) {
            log.debug("tcp {} read failed: {}", address, e.toString());
            return -2;
        }
    }

    @Override
    public void write(List<byte[]> batch) throws IOException {
        // The buffered stream coalesces small lines; one flush per batch is one syscall per batch.
        for (byte[] payload : batch) {
            out.write(payload);
        }
        out.flush();
    }

    @Override
    public void close(Ending ending, String reason) {
        // Half-close so everything written arrives before the FIN; the reader then waits
        // (bounded) for the peer to close its side, so no reset can destroy the last words.
        closing = true;
        try {
            socket.setSoTimeout((int) settings.shutdownGrace().toMillis());
            socket.shutdownOutput();
        } catch (IOException e) {
            abort();
        }
    }

    @Override
    public void abort() {
        closing = true;
        try {
            socket.close();
        } catch (IOException e) {
            log.debug("tcp {} close: {}", address, e.toString());
        }
    }
}
