package io.switchboard.tcp;

import io.switchboard.config.Durations;
import io.switchboard.config.Settings;
import io.switchboard.core.Ending;
import io.switchboard.core.Event;
import io.switchboard.core.Hub;
import io.switchboard.core.Commands;
import io.switchboard.core.Member;
import io.switchboard.core.MemberInfo;
import io.switchboard.core.Outbox;
import io.switchboard.core.Peer;
import io.switchboard.core.Side;
import io.switchboard.core.Sink;
import io.switchboard.render.LineFormat;
import io.switchboard.render.TerminalView;
import io.switchboard.security.Challenge;
import io.switchboard.security.Guard;
import io.switchboard.telnet.Terminal;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
    private volatile Member member; // read by the writer too, for the prompt
    private final Terminal terminal;
    private boolean coloured;
    private Challenge challenge; // pending while the client has not authenticated
    private boolean refused;     // authentication failed: the connection is ending

    TcpConnection(Socket socket, Hub hub, Guard guard, Settings settings, Executor writers) {
        this.socket = socket;
        this.hub = hub;
        this.guard = guard;
        this.settings = settings;
        this.writers = writers;
        this.address = socket.getInetAddress().getHostAddress() + ":" + socket.getPort();
        this.terminal = new Terminal(settings.maxLineBytes(), new Terminal.Host() {
            @Override
            public String prompt() {
                Member m = member;
                return m == null ? "" : TerminalView.prompt(m.nick(), m.room() == null ? "" : m.room());
            }

            @Override
            public List<String> candidates(String word, boolean first) {
                return completions(word, first);
            }
        });
    }

    /** What Tab may complete: a command at the start of a line, else the nicks in the member's room. */
    private List<String> completions(String word, boolean first) {
        if (first && word.startsWith("/")) {
            return Commands.NAMES;
        }
        Member m = member;
        List<MemberInfo> present = m == null || m.room() == null ? null : hub.members(m.room());
        if (present == null) {
            return List.of();
        }
        List<String> nicks = new ArrayList<>(present.size());
        for (MemberInfo info : present) {
            nicks.add(info.nick());
        }
        return nicks;
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
        write(List.of((line + "\r\n").getBytes(StandardCharsets.UTF_8)));
    }

    private void readLoop(InputStream in) throws IOException {
        List<Terminal.Input> inputs = new ArrayList<>();
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
                received(buffer, n, inputs);
            } else if (n == -1) {
                terminal.finish(inputs);
                act(inputs);
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

    /** Feeds the terminal; what it owes the client (replies, echo) is written before anyone else writes. */
    private void received(byte[] buffer, int n, List<Terminal.Input> inputs) throws IOException {
        synchronized (terminal) {
            byte[] reply = terminal.receive(buffer, 0, n, inputs);
            if (reply.length > 0) {
                out.write(reply);
                out.flush();
            }
        }
        if (!coloured && terminal.colour()) {
            coloured = true;
            outbox.reformat(LineFormat.ANSI); // encoded once per event for every colour terminal
        }
        act(inputs);
        inputs.clear();
    }

    /** Acts on what the user did, outside the terminal's lock. */
    private void act(List<Terminal.Input> inputs) {
        for (Terminal.Input input : inputs) {
            if (input instanceof Terminal.Input.Line line) {
                if (member != null) {
                    hub.handle(member, line.text());
                } else if (!refused) {
                    authenticate(line.text());
                }
            } else if (input instanceof Terminal.Input.TooLong tooLong && member != null) {
                hub.tell(member, new Event.Error("line too long (over " + tooLong.limit()
                        + " bytes) and dropped; split it into shorter lines", Instant.now()));
            } else if (input instanceof Terminal.Input.AreYouThere && member != null) {
                hub.tell(member, new Event.Notice("yes: you are " + member.nick() + " in #" + member.room(),
                        Instant.now()));
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
        synchronized (terminal) {
            terminal.write(batch, out);
            out.flush();
        }
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
