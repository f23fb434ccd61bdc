package io.switchboard;

import io.switchboard.config.Settings;
import io.switchboard.core.Hub;
import io.switchboard.core.HubLimits;
import io.switchboard.files.Sharing;
import io.switchboard.ops.Addresses;
import io.switchboard.ops.ConnectionLog;
import io.switchboard.ops.Metrics;
import io.switchboard.ops.Readiness;
import io.switchboard.relay.RelayRegistry;
import io.switchboard.render.RelayConsole;
import io.switchboard.render.Page;
import io.switchboard.runtime.Background;
import io.switchboard.runtime.Threads;
import io.switchboard.security.Guard;
import io.switchboard.tcp.TcpListener;
import io.switchboard.udp.UdpEndpoint;
import io.switchboard.web.WebServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.slf4j.LoggerFactory;

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
        // slf4j hands a stand-in logger to a thread that asks while another one initialises it (and says so on
        // stderr): have it ready before the second thread starts.
        LoggerFactory.getILoggerFactory();
        // The stores open on a second thread (SQLite's native library and schemas, or Redis) while this one makes
        // what needs no hub: the guard, the relays' event loops and the metrics registry with the JVM's meters.
        Background<Stores> opening = Background.start("stores", () -> Stores.open(settings));
        Guard guard;
        try {
            guard = new Guard(settings);
            relays = new RelayRegistry(settings.relay(), settings.maxFrameBytes());
            metrics = new Metrics(readiness);
        } catch (RuntimeException | Error e) {
            try {
                opening.join().close();
            } catch (RuntimeException | Error ignored) {
                // the stores did not open either: the first failure is the one to report
            }
            releaseUnstarted();
            throw e;
        }
        Stores stores;
        try {
            stores = opening.join(); // a StartupException naming the option, as if opened on this thread
        } catch (RuntimeException | Error e) {
            releaseUnstarted();
            throw e;
        }
        // A replay's text takes at most an eighth of a newcomer's outbox: HTML escaping can make it
        // five times larger, and it must fit whatever was posted before (or stored before a restart).
        hub = new Hub(new HubLimits(settings.maxLines(), settings.replay(), 200, settings.shutdownGrace(),
                settings.messageRate(), settings.maxRooms(), settings.maxMessageBytes(), settings.outboxBytes() / 8),
                writers, Clock.systemUTC(), stores.history(), stores.backplane());
        if (settings.logConnections()) {
            hub.stats().watch(new ConnectionLog(Clock.systemUTC()));
        }
        metrics.watch(hub, relays, guard.refusals(), stores.linkLosses());
        sharing = new Sharing(stores.files(), Sharing.OFF_IN_CLUSTER, hub, settings.secret());
        tcp = new TcpListener(settings, hub, guard, sharing);
        udp = new UdpEndpoint(settings, hub, guard);
        web = new WebServer(settings, hub, guard, this::pageValues, relays, metrics, readiness, sharing);
        startListeners();
        sharing.start("http://" + Addresses.inUrl(displayHost()) + ":" + httpPort() + settings.basePath() + "/");
        readiness.ready();
        return this;
    }

    /**
     * Binds TCP, UDP and HTTP. Jetty and Javalin take the longest to start: on the second thread, while this one
     * binds TCP and UDP. Whatever fails, the first of TCP, UDP and HTTP is the one reported (after everything is
     * closed), as when they started in turn.
     */
    private void startListeners() {
        Background<Void> webStart = Background.start("web-start", () -> {
            probe(settings.httpPort()); // Javalin logs a stack trace on a taken port; find out first
            relays.start();
            web.start();
            return null;
        });
        StartupException failed = null;
        try {
            tcp.start();
        } catch (IOException e) {
            failed = StartupException.port("TCP", settings.bind(), settings.tcpPort(), "--tcp-port", e);
        }
        if (failed == null) {
            try {
                udp.start();
            } catch (IOException e) {
                failed = StartupException.port("UDP", settings.bind(), settings.udpPort(), "--udp-port", e);
            }
        }
        try {
            webStart.join();
        } catch (RuntimeException e) {
            if (failed == null) {
                failed = StartupException.port("HTTP", settings.bind(), settings.httpPort(), "--http-port", e);
            }
        }
        if (failed != null) {
            close();
            throw failed;
        }
    }

    /** What is made before the hub, released when the start cannot go on. */
    private void releaseUnstarted() {
        if (metrics != null) {
            metrics.close();
        }
        if (relays != null) {
            relays.close();
        }
        writers.shutdown();
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
