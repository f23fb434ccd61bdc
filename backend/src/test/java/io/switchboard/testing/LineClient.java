package io.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

/** A raw TCP client, like nc: writes bytes, reads lines (CR LF stripped) on a background thread. */
public final class LineClient implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = Collections.synchronizedList(Waits.list());
    private final List<String> all = Collections.synchronizedList(Waits.list());
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    public LineClient(int port) throws IOException {
        this(port, true);
    }

    /** With {@code reading} false the client never reads: a member too slow to keep up. */
    public LineClient(int port, boolean reading) throws IOException {
        this(port, reading, null);
    }

    /** A client whose socket is bound to {@code localAddress} (e.g. 127.0.0.2: another loopback host). */
    public LineClient(int port, boolean reading, String localAddress) throws IOException {
        socket = new Socket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        out = socket.getOutputStream();
        if (reading) {
            Thread reader = new Thread(this::readLoop, "test-line-client");
            reader.setDaemon(true);
            reader.start();
        }
    }

    public Socket socket() {
        return socket;
    }

    /**
     * Sends a line ending in LF, as nc does. (CR LF is telnet's newline: a client that sends it
     * is offered telnet's character mode; the telnet tests use {@link #sendRaw} for that.)
     */
    public LineClient send(String line) throws IOException {
        return sendRaw((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    public LineClient sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Sends each byte in its own write, the worst a stream can do to a line reader. */
    public LineClient sendByteByByte(byte[] bytes) throws IOException {
        for (byte b : bytes) {
            out.write(b);
            out.flush();
        }
        return this;
    }

    /** The next line that matches, skipping others; fails after the default timeout. */
    public String await(Predicate<String> wanted, String what) {
        return Waits.next(lines, seen, wanted, Waits.DEFAULT, what + " on tcp");
    }

    public String awaitLine(String exact) {
        return await(exact::equals, "\"" + exact + "\"");
    }

    public String awaitContaining(String part) {
        return await(line -> line.contains(part), "a line containing \"" + part + "\"");
    }

    /** Like {@link #awaitContaining(String)}, for what may take longer than the default (a backoff, say). */
    public String awaitContaining(String part, Duration timeout) {
        return Waits.next(lines, seen, line -> line.contains(part), timeout, "a line containing \"" + part + "\" on tcp");
    }

    /**
     * Waits until the server has admitted this client (its greeting arrived), without consuming
     * anything: the hub admits members asynchronously, so a test that connects two members must
     * wait for the first before the second, or their order is a race.
     */
    public LineClient awaitAdmitted() {
        Waits.until(() -> seen().stream().anyMatch(l -> l.startsWith("-!- welcome to Switchboard")),
                "the server's greeting");
        return this;
    }

    /** Everything read so far, whether or not a wait has consumed it. */
    public List<String> seen() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** Lines read but not yet consumed by a wait. */
    public List<String> unread() {
        return List.copyOf(lines);
    }

    /** Completes when the server closes the connection. */
    public CompletableFuture<Void> ended() {
        return ended;
    }

    /** Closes with a TCP reset instead of a FIN: a peer that vanishes. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void readLoop() {
        java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            InputStream in = socket.getInputStream();
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        String text = pending.toString(StandardCharsets.UTF_8);
                        String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                        all.add(line);
                        lines.add(line);
                        pending.reset();
                    } else {
                        pending.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // closed: fall through
        } finally {
            ended.complete(null);
        }
    }

    /** How long to wait for things that must happen. */
    public static Duration timeout() {
        return Waits.DEFAULT;
    }
}
