package io.switchboard.tcp;

import io.switchboard.config.Settings;
import io.switchboard.core.Hub;
import io.switchboard.ops.ConnectionLog;
import io.switchboard.runtime.Threads;
import io.switchboard.security.Guard;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TCP line-protocol server: binds on {@link #start}, one task per connection, {@link #close} to stop. */
public final class TcpListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TcpListener.class);
    private static final int BACKLOG = 512;

    private final Settings settings;
    private final Hub hub;
    private final Guard guard;
    private final ExecutorService connections = Threads.perTask("tcp-conn");
    private final ExecutorService writers;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private ServerSocket server;

    public TcpListener(Settings settings, Hub hub, Guard guard, ExecutorService writers) {
        this.settings = settings;
        this.hub = hub;
        this.guard = guard;
        this.writers = writers;
    }

    /** Binds (with SO_REUSEADDR, so a restart right after a stop works) and starts accepting. */
    public void start() throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        try {
            server.bind(new InetSocketAddress(settings.bind(), settings.tcpPort()), BACKLOG);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        Threads.daemon("tcp-accept-" + port(), this::acceptLoop);
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                String address = socket.getInetAddress().getHostAddress();
                String refusal = guard.connections().acquire(address);
                if (refusal != null) {
                    if (settings.logConnections()) {
                        ConnectionLog.refused("tcp", address + ":" + socket.getPort(), refusal);
                    }
                    refuse(socket, refusal);
                    continue;
                }
                open.add(socket);
                connections.execute(() -> {
                    try {
                        new TcpConnection(socket, hub, guard, settings, writers).run();
                    } finally {
                        open.remove(socket);
                        guard.connections().release(address);
                    }
                });
            } catch (IOException e) {
                if (!server.isClosed()) {
                    log.warn("tcp accept failed: {}", e.toString());
                    // Out of file descriptors and the like: retrying at once would only spin.
                    java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                }
            } catch (RuntimeException e) {
                log.error("tcp accept loop", e); // never let one bad connection stop the listener
            }
        }
    }

    /** Tells a connection over the caps why, and closes it; a fresh socket's buffer takes the line at once. */
    private static void refuse(Socket socket, String reason) {
        try (socket) {
            socket.getOutputStream().write(("-!- error: " + reason + "\r\n").getBytes(StandardCharsets.UTF_8));
            socket.shutdownOutput();
        } catch (IOException e) {
            log.debug("tcp refusal: {}", e.toString());
        }
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
        } catch (IOException e) {
            log.debug("tcp close: {}", e.toString());
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException e) {
                log.debug("tcp close: {}", e.toString());
            }
        }
        connections.shutdown();
    }
}
