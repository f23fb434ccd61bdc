package io.switchboard;

import io.switchboard.cluster.RedisBackplane;
import io.switchboard.config.Settings;
import io.switchboard.core.Backplane;
import io.switchboard.core.Hub;
import io.switchboard.core.History;
import io.switchboard.core.HubLimits;
import io.switchboard.core.MemoryHistory;
import io.switchboard.files.FileStore;
import io.switchboard.files.Sharing;
import io.switchboard.history.SqliteHistory;
import io.switchboard.ops.Addresses;
import io.switchboard.ops.ConnectionLog;
import io.switchboard.ops.Metrics;
import io.switchboard.ops.Readiness;
import io.switchboard.relay.RelayRegistry;
import io.switchboard.render.RelayConsole;
import io.switchboard.render.Page;
import io.switchboard.runtime.Threads;
import io.switchboard.security.Guard;
import io.switchboard.tcp.TcpListener;
import io.switchboard.udp.UdpEndpoint;
import io.switchboard.web.WebServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;

/**
 * One running gateway: the hub and every way in, built from {@link Settings}. Creating it
 * binds nothing; {@link #start} binds every port or fails with a {@link StartupException}
 * naming the option to change; {@link #close} tells members, flushes and releases everything.
 */
public final class Gateway implements AutoCloseable {
    private final Settings settings;
    private final ExecutorService writers = Threads.perTask("writer"); // the hub's hand-offs, which may wait
    private Hub hub;
    private TcpListener tcp;
    private UdpEndpoint udp;
    private WebServer web;
    private Sharing sharing;
    private RelayRegistry relays;
    private Metrics metrics;
    private final Readiness readiness = new Readiness();
    private boolean closed;

    /** Remembers the settings; nothing is opened or bound until {@link #start}. */
    public Gateway(Settings settings) {
        this.settings = settings;
    }

    /**
     * Joins the cluster or opens the history, then binds TCP, UDP and HTTP; on failure releases what was opened and
     * says which option to change.
     */
    public Gateway start() {
        Backplane backplane = new io.switchboard.core.LocalBackplane();
        LongSupplier linkLosses = null;
        History history;
        if (settings.cluster().enabled()) {
            // In a cluster the rooms' streams in Redis are the history; --history is not used.
            // Redis keeps whole streams per room: the total becomes a number of rooms' streams.
            RedisBackplane cluster = new RedisBackplane(settings.cluster()
                    .withStreamRooms(Math.max(1, settings.historyTotal() / settings.cluster().streamMax())));
            try {
                cluster.connect();
            } catch (IllegalStateException e) {
                cluster.close();
                writers.shutdown();
                throw new StartupException(e.getMessage() + " (--cluster)", e);
            }
            backplane = cluster;
            linkLosses = cluster::linkLosses;
            history = cluster.history();
        } else {
            history = openHistory();
        }
        FileStore files = openFiles(history, backplane);
        // A replay's text takes at most an eighth of a newcomer's outbox: HTML escaping can make it
        // five times larger, and it must fit whatever was posted before (or stored before a restart).
        hub = new Hub(new HubLimits(settings.maxLines(), settings.replay(), 200, settings.shutdownGrace(),
                settings.messageRate(), settings.maxRooms(), settings.maxMessageBytes(), settings.outboxBytes() / 8),
                writers, Clock.systemUTC(), history, backplane);
        if (settings.logConnections()) {
            hub.stats().watch(new ConnectionLog(Clock.systemUTC()));
        }
        Guard guard = new Guard(settings);
        sharing = new Sharing(files, Sharing.OFF_IN_CLUSTER, hub, settings.secret());
        tcp = new TcpListener(settings, hub, guard, sharing);
        udp = new UdpEndpoint(settings, hub, guard);
        relays = new RelayRegistry(settings.relay(), settings.maxFrameBytes());
        metrics = new Metrics(hub, relays, guard.refusals(), readiness, linkLosses);
        web = new WebServer(settings, hub, guard, this::pageValues, relays, metrics, readiness, sharing);
        try {
            tcp.start();
        } catch (IOException e) {
            close();
            throw StartupException.port("TCP", settings.bind(), settings.tcpPort(), "--tcp-port", e);
        }
        try {
            udp.start();
        } catch (IOException e) {
            close();
            throw StartupException.port("UDP", settings.bind(), settings.udpPort(), "--udp-port", e);
        }
        try {
            probe(settings.httpPort()); // Javalin logs a stack trace on a taken port; find out first
            relays.start();
            web.start();
        } catch (IOException | RuntimeException e) {
            close();
            throw StartupException.port("HTTP", settings.bind(), settings.httpPort(), "--http-port", e);
        }
        sharing.start("http://" + Addresses.inUrl(displayHost()) + ":" + httpPort() + settings.basePath() + "/");
        readiness.ready();
        return this;
    }

    private FileStore openFiles(History history, Backplane backplane) {
        try {
            return FileStore.forSettings(settings, Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            backplane.close();
            history.close(java.time.Duration.ZERO);
            writers.shutdown();
            throw new StartupException("cannot open the file store: " + e.getMessage()
                    + "; choose a writable directory with --files-dir", e);
        }
    }

    private History openHistory() {
        Path file = settings.historyFile();
        if (file == null) {
            return new MemoryHistory(settings.historyKeep(), settings.historyTotal(), MemoryHistory.MAX_BYTES);
        }
        try {
            return SqliteHistory.open(file, settings.historyKeep(), settings.historyTotal(), settings.historyMaxAge());
        } catch (IOException e) {
            throw new StartupException("cannot open the history database " + file + ": " + e.getMessage()
                    + "; choose another file with --history sqlite:PATH, or use --history memory", e);
        }
    }

    /** Fails if {@code port} cannot be bound right now (0 always can). */
    private void probe(int port) throws IOException {
        if (port != 0) {
            try (ServerSocket probe = new ServerSocket()) {
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(settings.bind(), port));
            }
        }
    }

    public int httpPort() {
        return web.port();
    }

    public int tcpPort() {
        return tcp.port();
    }

    public int udpPort() {
        return udp.port();
    }

    public Hub hub() {
        return hub;
    }

    /** The hosts to print in join commands, most useful first: --public-host, or the addresses people can reach. */
    public List<String> displayHosts() {
        return Addresses.reachable(settings.bind(), settings.publicHost());
    }

    /** The first of {@link #displayHosts}. */
    public String displayHost() {
        return displayHosts().get(0);
    }

    /** starting, ready or draining: what /readyz says. */
    public Readiness readiness() {
        return readiness;
    }

    private Map<String, String> pageValues() {
        String host = displayHost();
        return Map.of(
                "htmxVersion", Page.htmxVersion(),
                "telnet", "telnet " + host + " " + tcpPort(),
                "nc", "nc " + host + " " + tcpPort(),
                "udp", "nc -u " + host + " " + udpPort(),
                "relays", RelayConsole.render(relays.targets()));
    }

    /** Tells every member the server is going down, flushes (bounded), closes all listeners. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean served = readiness.state() == Readiness.State.READY; // a failed start has nobody to drain
        readiness.draining("shutting down");
        if (served && !settings.drainDelay().isZero()) {
            pause(settings.drainDelay()); // /readyz says 503 meanwhile, and the load balancer moves on
        }
        if (hub != null) {
            hub.shutdown("server shutting down", settings.shutdownGrace()); // also flushes the history
            tcp.close();
            udp.close();
            relays.close();
            web.close();
            if (sharing != null) {
                sharing.close();
            }
            if (metrics != null) {
                metrics.close();
            }
        }
        writers.shutdown();
    }

    private static void pause(java.time.Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stop draining and shut down now
        }
    }

    /** A start-up failure with a one-line message for the operator. */
    public static final class StartupException extends RuntimeException {
        StartupException(String message, Throwable cause) {
            super(message, cause);
        }

        static StartupException port(String what, String bind, int port, String option, Throwable e) {
            if (isBindProblem(e)) {
                return new StartupException(what + " port " + port + " on " + bind
                        + " is already in use or not available; choose another with " + option
                        + " (0 picks a free port)", e);
            }
            return new StartupException("cannot start the " + what + " server on " + bind + ":" + port + ": "
                    + rootMessage(e) + "; check --bind and " + option, e);
        }

        private static boolean isBindProblem(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    return true;
                }
            }
            return false;
        }

        private static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        }
    }
}
