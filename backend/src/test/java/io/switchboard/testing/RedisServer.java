package io.switchboard.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's package; .ci/run installs it) on a free loopback port,
 * with no persistence, for cluster tests. {@link #stop} kills it by PID and {@link #start}
 * brings it back, empty, on the same port: what a Redis restart looks like to the nodes.
 * Fails loudly when the binary is missing: a cluster test never skips.
 */
public final class RedisServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final int port;
    private Process process;

    private RedisServer(int port) {
        this.port = port;
    }

    /** Starts one on a port nobody uses right now. */
    public static RedisServer start() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        RedisServer server = new RedisServer(port);
        server.restart();
        return server;
    }

    public int port() {
        return port;
    }

    /** What {@code --cluster} takes. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    /** Starts the server (again) on its port and waits until it accepts connections. */
    public synchronized void restart() throws IOException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install redis-server (.ci/run does)");
        }
        Path log = Files.createTempFile("redis-" + port + "-", ".log");
        process = new ProcessBuilder(List.of(BINARY.toString(), "--port", Integer.toString(port),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--protected-mode", "yes", "--dir", System.getProperty("java.io.tmpdir")))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Waits.until(() -> accepts() || !process.isAlive(), "redis-server to listen on port " + port);
        if (!process.isAlive()) {
            throw new IllegalStateException("redis-server did not start: " + Files.readString(log));
        }
    }

    /** Kills the server by PID, as a crash would, and waits until it is gone. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Waits.until(() -> !accepts(), "redis-server on port " + port + " to stop listening");
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
