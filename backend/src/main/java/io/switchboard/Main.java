package io.switchboard;

import io.switchboard.bench.BenchCommand;
import io.switchboard.client.ClientCommand;
import io.switchboard.config.ClusterSettings;
import io.switchboard.config.FileSettings;
import io.switchboard.config.OptionDefaults;
import io.switchboard.config.RelaySettings;
import io.switchboard.config.SecretFile;
import io.switchboard.config.Settings;
import io.switchboard.config.TrustedProxies;
import io.switchboard.config.UdpVerify;
import io.switchboard.ops.Banner;
import io.switchboard.ops.Build;
import io.switchboard.runtime.EventLoops;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/**
 * The command line: serves the gateway (the default), or {@code client}, or {@code bench}. Every option
 * also reads SWITCHBOARD_* and, for the gateway, a --config file.
 */
@Command(name = "switchboard", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, usageHelpAutoWidth = true, subcommands = {ClientCommand.class, BenchCommand.class},
        description = {"A chat gateway that puts browsers and raw sockets in the same room.",
            "Every option can also be set as an environment variable (--tcp-port is",
            "SWITCHBOARD_TCP_PORT) or in a --config file (tcp-port = 2323).",
            "Precedence: command line > environment > config file > defaults."})
public final class Main implements Callable<Integer> {
    private static final String CONFIG = "--config";
    private static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @Option(names = CONFIG, paramLabel = "FILE",
            description = "Reads options from a .properties or .toml file: keys are option names without the dashes"
                    + " (tcp-port = 2323; lists as TOML arrays or comma-separated); an unknown key is an error.")
    Path config;

    @Option(names = "--bind", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 opens it to the LAN).")
    String bind;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Page, WebSocket and API port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--tcp-port", defaultValue = "2323", paramLabel = "PORT",
            description = "TCP line-protocol port for telnet/nc; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--udp-port", defaultValue = "2323", paramLabel = "PORT",
            description = "UDP datagram port for nc -u and scripts; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int udpPort;

    @Option(names = "--max-line", defaultValue = "4096", paramLabel = "BYTES",
            description = "Longest TCP input line (default: ${DEFAULT-VALUE}).")
    int maxLine;

    @Option(names = "--max-frame", defaultValue = "65536", paramLabel = "BYTES",
            description = "Longest WebSocket message (default: ${DEFAULT-VALUE}).")
    int maxFrame;

    @Option(names = "--max-message-lines", defaultValue = "20", paramLabel = "N",
            description = "Lines one message may have; the rest is cut with a marker (default: ${DEFAULT-VALUE}).")
    int maxLines;

    @Option(names = "--max-message", defaultValue = "4096", paramLabel = "BYTES",
            description = "Longest message in bytes (UTF-8, once sanitised); the rest is cut with a marker"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--outbox-messages", defaultValue = "4096", paramLabel = "N",
            description = "Messages that may wait for a slow member before it is disconnected (default: ${DEFAULT-VALUE}).")
    int outboxMessages;

    @Option(names = "--outbox-bytes", defaultValue = "1048576", paramLabel = "BYTES",
            description = "Bytes that may wait for a slow member before it is disconnected (default: ${DEFAULT-VALUE}).")
    long outboxBytes;

    @Option(names = "--history-replay", defaultValue = "20", paramLabel = "N",
            description = "Recent messages shown to a member entering a room (default: ${DEFAULT-VALUE}).")
    int replay;

    @Option(names = "--shutdown-grace", defaultValue = "5", paramLabel = "SECONDS",
            description = "How long shutdown waits for queued output to reach members (default: ${DEFAULT-VALUE}).")
    int shutdownGrace;

    @Option(names = "--udp-idle", defaultValue = "600", paramLabel = "SECONDS",
            description = "A datagram member that sends nothing for this long leaves (default: ${DEFAULT-VALUE}).")
    int udpIdle;

    @Option(names = "--udp-max-members", defaultValue = "1000", paramLabel = "N",
            description = "Datagram members at most; new addresses beyond are refused (default: ${DEFAULT-VALUE}).")
    int udpMaxMembers;

    @Option(names = "--udp-rate", defaultValue = "20", paramLabel = "N",
            description = "Lines per second one UDP address may send (every line of a datagram counts), twice that in"
                    + " a burst; the budget stays with the address when its member leaves (default: ${DEFAULT-VALUE}).")
    int udpRate;

    @Option(names = "--udp-verify", defaultValue = "remote", paramLabel = "remote|always|never",
            description = "Which datagram sources must first echo the token they are sent (\"/v TOKEN\"), proving the"
                    + " address is theirs: remote (all but loopback), always or never (default: ${DEFAULT-VALUE}).")
    String udpVerify;

    @Option(names = "--history", defaultValue = "sqlite:switchboard-data/history.db", paramLabel = "WHERE",
            description = "Where room history lives: sqlite:PATH (survives restarts) or memory (default: ${DEFAULT-VALUE}).")
    String history;

    @Option(names = "--history-keep", defaultValue = "10000", paramLabel = "N",
            description = "Messages kept per room (default: ${DEFAULT-VALUE}).")
    int historyKeep;

    @Option(names = "--history-total", defaultValue = "1000000", paramLabel = "N",
            description = "Messages kept in all rooms together (memory, SQLite and Redis); the rooms used least"
                    + " recently are forgotten first (default: ${DEFAULT-VALUE}).")
    int historyTotal;

    @Option(names = "--history-max-age", defaultValue = "0", paramLabel = "DAYS",
            description = "Delete messages older than this; 0 keeps them (default: ${DEFAULT-VALUE}).")
    int historyMaxAge;

    @Option(names = "--secret", paramLabel = "SECRET",
            description = "Turns authentication on everywhere: the HMAC challenge on TCP and UDP, an access key for"
                    + " browsers and the API. Prefer SWITCHBOARD_SECRET or --secret-file: arguments show in ps.")
    String secret;

    @Option(names = "--secret-file", paramLabel = "FILE", description = "Reads the secret from a file (its first line).")
    java.nio.file.Path secretFile;

    @Option(names = "--auth-timeout", defaultValue = "10", paramLabel = "SECONDS",
            description = "Time a TCP or UDP client has to answer the challenge (default: ${DEFAULT-VALUE}).")
    int authTimeout;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN", split = ",",
            description = "Another origin whose pages may open WebSockets here, e.g. https://intranet.example.org"
                    + " (repeatable; the gateway's own origin is always allowed).")
    List<String> allowOrigins = new ArrayList<>();

    @Option(names = "--trusted-proxy", paramLabel = "CIDR", split = ",",
            description = "A reverse proxy in front of the gateway, e.g. 127.0.0.1/32 or 10.0.0.0/8 (repeatable):"
                    + " from it, X-Forwarded-For/-Proto and the PROXY protocol (TCP port) give the client's address"
                    + " (default: none; those headers are ignored).")
    List<String> trustedProxies = new ArrayList<>();

    @Option(names = "--max-connections", defaultValue = "10000", paramLabel = "N",
            description = "TCP and WebSocket connections at most (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-per-address", defaultValue = "50", paramLabel = "N",
            description = "Connections (and datagram members) at most from one IP address (default: ${DEFAULT-VALUE}).")
    int maxPerAddress;

    @Option(names = "--message-rate", defaultValue = "10", paramLabel = "N",
            description = "Messages a second one member may send, twice that in a burst (default: ${DEFAULT-VALUE}).")
    int messageRate;

    @Option(names = "--max-rooms", defaultValue = "1000", paramLabel = "N",
            description = "Rooms at most (default: ${DEFAULT-VALUE}).")
    int maxRooms;

    // Relay (browser WebSocket -> allow-listed raw TCP/UDP server): these four options belong together.
    @Option(names = "--relay", split = ",", paramLabel = "NAME=tcp|udp://HOST:PORT",
            description = "Allow-list a relay target: /relay/NAME pipes a browser WebSocket to it (repeatable).")
    List<String> relays = new ArrayList<>();

    @Option(names = "--relay-max-sessions", defaultValue = "100", paramLabel = "N",
            description = "Relay sessions at once, all targets together (default: ${DEFAULT-VALUE}).")
    int relayMaxSessions;

    @Option(names = "--relay-max-per-target", defaultValue = "20", paramLabel = "N",
            description = "Relay sessions at once to one target (default: ${DEFAULT-VALUE}).")
    int relayMaxPerTarget;

    @Option(names = "--relay-idle", defaultValue = "300", paramLabel = "SECONDS",
            description = "A relay session where nothing moves either way for this long is closed (default: ${DEFAULT-VALUE}).")
    int relayIdle;

    @Option(names = "--cluster", paramLabel = "redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]",
            description = "Joins the nodes sharing this Redis: rooms, presence and history are shared"
                    + " (put the password in SWITCHBOARD_CLUSTER to keep it out of ps).")
    String cluster;

    @Option(names = "--node", paramLabel = "NAME",
            description = "This node's name in rosters (cluster mode; default: host name and a random suffix).")
    String node;

    @Option(names = "--cluster-ttl", defaultValue = "5", paramLabel = "SECONDS",
            description = "A node silent this long is taken for dead and its members leave (default: ${DEFAULT-VALUE}).")
    double clusterTtl;

    @Option(names = "--base-path", defaultValue = "", paramLabel = "PATH",
            description = "Serve the page, WebSockets and API under this path, e.g. /chat, for a reverse proxy that"
                    + " passes its prefix on (one that strips it needs nothing: the page's links are relative).")
    String basePath;
    @Option(names = "--public-host", paramLabel = "HOST",
            description = "The name people reach this gateway by (e.g. behind NAT or a proxy), shown in the banner and"
                    + " the page's join commands (default: the addresses it listens on).")
    String publicHost;

    @Option(names = "--log-level", defaultValue = "info", paramLabel = "LEVEL",
            description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--io-uring", defaultValue = "false", arity = "0..1", paramLabel = "true|false",
            description = "Run the raw sockets (TCP, UDP, relay upstreams) on io_uring instead of epoll; where the"
                    + " kernel does not allow it, epoll is used and the log says why (default: ${DEFAULT-VALUE}).")
    boolean ioUring;

    @Option(names = "--log-connections", defaultValue = "true", arity = "1", paramLabel = "true|false",
            description = "One INFO line per connection opened and closed (default: ${DEFAULT-VALUE}).")
    boolean logConnections;

    @Option(names = "--drain-delay", defaultValue = "0", paramLabel = "SECONDS",
            description = "On SIGTERM, /readyz answers 503 for this long before members are told, so a load balancer"
                    + " stops sending new ones (default: ${DEFAULT-VALUE}).")
    int drainDelay;

    // Shared files (/file NAME SIZE, curl -T, the page's attach button): these five belong together.
    @Option(names = "--files-dir", paramLabel = "DIR",
            description = "Keep shared files (and their index, files.db) here instead of beside the history database;"
                    + " in a cluster, a directory every node shares, without which uploads are refused.")
    Path filesDir;

    @Option(names = "--max-file", defaultValue = "10485760", paramLabel = "BYTES",
            description = "Largest file anyone may share (default: ${DEFAULT-VALUE}, 10 MiB).")
    long maxFile;

    @Option(names = "--file-room-quota", defaultValue = "209715200", paramLabel = "BYTES",
            description = "Bytes of files one room may hold at once (default: ${DEFAULT-VALUE}, 200 MiB).")
    long fileRoomQuota;

    @Option(names = "--file-quota", defaultValue = "1073741824", paramLabel = "BYTES",
            description = "Bytes of files the server may hold at once (default: ${DEFAULT-VALUE}, 1 GiB).")
    long fileQuota;

    @Option(names = "--file-keep-days", defaultValue = "30", paramLabel = "DAYS",
            description = "Delete shared files this many days after they were shared; 0 keeps them"
                    + " (default: ${DEFAULT-VALUE}).")
    int fileKeepDays;

    public static void main(String[] args) {
        System.exit(run(args, System.getenv()));
    }

    /** Runs the command line and returns the exit code (2 for any usage or start-up problem). */
    static int run(String[] args, Map<String, String> environment) {
        CommandLine cli = new CommandLine(new Main());
        try {
            cli.setDefaultValueProvider(OptionDefaults.load(cli.getCommandSpec(), CONFIG, args, environment));
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 2;
        }
        cli.setParameterExceptionHandler((e, argv) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("switchboard: " + e.getMessage() + " (see --help)");
            err.flush();
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        Settings settings;
        try {
            String key = secret;
            if (secretFile != null) {
                if (key != null) {
                    throw new IllegalArgumentException("--secret and --secret-file both given; use one");
                }
                key = SecretFile.read(secretFile);
            }
            settings = Settings.builder()
                    .bind(bind)
                    .ports(httpPort, tcpPort, udpPort)
                    .limits(maxLine, maxFrame, maxLines)
                    .outbox(outboxMessages, outboxBytes)
                    .replay(replay)
                    .shutdownGrace(Duration.ofSeconds(shutdownGrace))
                    .udp(Duration.ofSeconds(udpIdle), udpMaxMembers, udpRate)
                    .udpVerify(UdpVerify.parse(udpVerify))
                    .maxMessageBytes(maxMessageBytes)
                    .history(history)
                    .historyRetention(historyKeep, Duration.ofDays(historyMaxAge))
                    .historyTotal(historyTotal)
                    .secret(key, Duration.ofSeconds(authTimeout))
                    .allowOrigins(allowOrigins)
                    .connections(maxConnections, maxPerAddress)
                    .messageRate(messageRate)
                    .maxRooms(maxRooms)
                    .relay(RelaySettings.parse(relays, relayMaxSessions, relayMaxPerTarget, Duration.ofSeconds(relayIdle)))
                    .cluster(ClusterSettings.parse(cluster, node, Duration.ofMillis((long) (clusterTtl * 1000)),
                            historyKeep))
                    .basePath(basePath)
                    .publicHost(publicHost)
                    .logging(logLevel, logConnections)
                    .drainDelay(Duration.ofSeconds(drainDelay))
                    .trustedProxies(TrustedProxies.parse(trustedProxies))
                    .files(new FileSettings(filesDir, maxFile, fileRoomQuota, fileQuota, Duration.ofDays(fileKeepDays)))
                    .build();
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 2;
        }
        // Before the first logger exists: slf4j-simple reads its level once. A -D flag wins over the default.
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null || !settings.logLevel().equals("info")) {
            System.setProperty(LOG_LEVEL_PROPERTY, settings.logLevel());
        }
        if (ioUring) {
            EventLoops.preferIoUring(); // one transport per process, chosen before the first loops exist
        }
        Gateway gateway = new Gateway(settings);
        try {
            gateway.start();
        } catch (Gateway.StartupException e) {
            System.err.println("switchboard: " + e.getMessage());
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // Handle TERM and INT ourselves: a shutdown hook would still exit with 143/130,
        // and an orderly stop (members told, output flushed) is a success.
        Signal.handle(new Signal("TERM"), signal -> stop.countDown());
        Signal.handle(new Signal("INT"), signal -> stop.countDown());
        Banner.print(System.out, gateway, settings);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("switchboard: shutting down");
        gateway.close();
        return 0;
    }

    /** --version: what the jar was built from. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {Build.describe()};
        }
    }
}
