package io.switchboard.tcp;

import io.switchboard.config.Durations;
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
import io.switchboard.security.Challenge;
import io.switchboard.security.Guard;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
    private final Guard guard;
    private final Settings settings;
    private final Executor writers;
    private final String address;
    private OutputStream out;
    private Outbox<byte[]> outbox;
    private volatile boolean closing;
    private Member member;
    private Challenge challenge; // pending while the client has not authenticated
    private boolean refused;     // authentication failed: the connection is ending

    TcpConnection(Socket socket, Hub hub, Guard guard, Settings settings, Executor writers) {
        this.socket = socket;
        this.hub = hub;
        this.guard = guard;
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
            outbox = new Outbox<>(LineFormat.CRLF, this, writers, settings.outboxEvents(), settings.outboxBytes());
            if (guard.authRequired()) {
                // Not a member, in no room, sees nothing, until the challenge is answered.
                challenge = guard.challenge(System.nanoTime());
                say("-!- " + challenge.line());
            } else if (!admit()) {
                return;
            }
            readLoop(socket.getInputStream());
            if (member != null) {
                outbox.closed().get(settings.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (Exception e) {
            log.debug("tcp {}: {}", address, e.toString());
        } finally {
            if (member != null) {
                hub.vanished(member, "connection lost"); // no-op when the member already left
            }
        }
    }

    private boolean admit() throws IOException {
        member = hub.join(new Peer("tcp", Side.NATIVE, address, Instant.now()), outbox, null, null);
        if (member == null) {
            say("-!- server is shutting down");
            return false;
        }
        return true;
    }

    /** Writes one line straight to the socket: only before admission, when no outbox drainer exists. */
    private void say(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private void readLoop(InputStream in) throws IOException {
        LineDecoder decoder = new LineDecoder(settings.maxLineBytes(), new LineDecoder.Listener() {
            @Override
            public void line(String text) {
                if (member != null) {
                    hub.handle(member, text);
                } else if (!refused) {
                    authenticate(text);
                }
            }

            @Override
            public void tooLong(int limit) {
                if (member != null) {
                    hub.tell(member, new Event.Error("line too long (over " + limit
                            + " bytes) and dropped; split it into shorter lines", Instant.now()));
                }
            }
        });
        byte[] buffer = new byte[READ_BUFFER];
        for (;;) {
            if (challenge != null && !deadlineLeft()) {
                reject("authentication timed out after " + Durations.human(settings.authTimeout()));
            }
            if (refused) {
                socket.shutdownOutput(); // the reason goes out before the FIN
                return;
            }
            int n = readOnce(in, buffer);
            if (n > 0) {
                decoder.feed(buffer, 0, n);
            } else if (n == -1) {
                decoder.finish();
                if (member != null) {
                    hub.leave(member, "connection closed");
                }
                return;
            } else if (n == -2) {
                if (member != null) {
                    hub.vanished(member, closing ? "quit" : "connection reset");
                }
                return;
            }
        }
    }

    /** Sets the read timeout to what is left of the challenge's deadline; false when none is. */
    private boolean deadlineLeft() throws IOException {
        long left = TimeUnit.NANOSECONDS.toMillis(challenge.remaining(System.nanoTime()));
        if (left <= 0) {
            return false;
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
        return true;
    }

    private void authenticate(String line) {
        try {
            if (!line.equals("/auth") && !line.startsWith("/auth ")) {
                if (!line.isBlank()) {
                    say("-!- error: " + Challenge.howTo());
                }
                return;
            }
            Challenge.Outcome outcome = challenge.answer(line.substring("/auth".length()), System.nanoTime());
            challenge = null;
            switch (outcome) {
                case ADMITTED -> {
                    socket.setSoTimeout(0);
                    say("-!- authenticated");
                    refused = !admit();
                }
                case LATE -> reject("authentication timed out after " + Durations.human(settings.authTimeout()));
                default -> reject("authentication failed: that is not the answer to the challenge");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void reject(String reason) {
        log.warn("tcp {}: {}", address, reason);
        challenge = null;
        refused = true;
        try {
            say("-!- error: " + reason);
        } catch (IOException e) {
            log.debug("tcp {}: {}", address, e.toString());
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
