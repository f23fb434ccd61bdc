package io.switchboard;

import io.switchboard.config.ClusterSettings;
import io.switchboard.config.FileSettings;
import io.switchboard.config.RelaySettings;
import io.switchboard.config.SecretFile;
import io.switchboard.config.Settings;
import io.switchboard.config.TrustedProxies;
import io.switchboard.config.UdpVerify;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The gateway's options, as the command line, SWITCHBOARD_* variables and a --config file give
 * them. Defaults are the product's ({@code Settings.builder()}), supplied by
 * {@link io.switchboard.config.OptionDefaults}: an option here says what it means and in which
 * unit, never its default value a second time (the few that are no setting keep theirs).
 */
final class GatewayOptions {
    static final String CONFIG = "--config";

    @Option(names = CONFIG, paramLabel = "FILE",
            description = "Reads options from a .properties or .toml file: keys are option names without the dashes"
                    + " (tcp-port = 2323; lists as TOML arrays or comma-separated); an unknown key is an error.")
    Path config;

    @Option(names = "--bind", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 opens it to the LAN).")
    String bind;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Page, WebSocket and API port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--tcp-port", paramLabel = "PORT",
            description = "TCP line-protocol port for telnet/nc; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int tcpPort;

    @Option(names = "--udp-port", paramLabel = "PORT",
            description = "UDP datagram port for nc -u and scripts; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int udpPort;

    @Option(names = "--max-line", paramLabel = "BYTES",
            description = "Longest TCP input line (default: ${DEFAULT-VALUE}).")
    int maxLine;

    @Option(names = "--max-frame", paramLabel = "BYTES",
            description = "Longest WebSocket message (default: ${DEFAULT-VALUE}).")
    int maxFrame;

    @Option(names = "--max-message-lines", paramLabel = "N",
            description = "Lines one message may have; the rest is cut with a marker (default: ${DEFAULT-VALUE}).")
    int maxLines;

    @Option(names = "--max-message", paramLabel = "BYTES",
            description = "Longest message in bytes (UTF-8, once sanitised); the rest is cut with a marker"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxMessageBytes;

    @Option(names = "--outbox-messages", paramLabel = "N",
            description = "Messages that may wait for a slow member before it is disconnected (default: ${DEFAULT-VALUE}).")
    int outboxMessages;

    @Option(names = "--outbox-bytes", paramLabel = "BYTES",
            description = "Bytes that may wait for a slow member before it is disconnected (default: ${DEFAULT-VALUE}).")
    long outboxBytes;

    @Option(names = "--write-delay", paramLabel = "MS",
            description = "How long a member's output may wait to share one write with what follows it; 0 writes"
                    + " every line at once (default: ${DEFAULT-VALUE}).")
    int writeDelay;

    @Option(names = "--history-replay", paramLabel = "N",
            description = "Recent messages shown to a member entering a room (default: ${DEFAULT-VALUE}).")
    int replay;

    @Option(names = "--shutdown-grace", paramLabel = "SECONDS",
            description = "How long shutdown waits for queued output to reach members (default: ${DEFAULT-VALUE}).")
    int shutdownGrace;

    @Option(names = "--udp-idle", paramLabel = "SECONDS",
            description = "A datagram member that sends nothing for this long leaves (default: ${DEFAULT-VALUE}).")
    int udpIdle;

    @Option(names = "--udp-max-members", paramLabel = "N",
            description = "Datagram members at most; new addresses beyond are refused (default: ${DEFAULT-VALUE}).")
    int udpMaxMembers;

    @Option(names = "--udp-rate", paramLabel = "N",
            description = "Lines per second one UDP address may send (every line of a datagram counts), twice that in"
                    + " a burst; the budget stays with the address when its member leaves (default: ${DEFAULT-VALUE}).")
    int udpRate;

    @Option(names = "--udp-verify", paramLabel = "remote|always|never",
            description = "Which datagram sources must first echo the token they are sent (\"/v TOKEN\"), proving the"
                    + " address is theirs: remote (all but loopback), always or never (default: ${DEFAULT-VALUE}).")
    String udpVerify;

    @Option(names = "--history", paramLabel = "WHERE",
            description = "Where room history lives: sqlite:PATH (survives restarts) or memory (default: ${DEFAULT-VALUE}).")
    String history;

    @Option(names = "--history-keep", paramLabel = "N",
            description = "Messages kept per room (default: ${DEFAULT-VALUE}).")
    int historyKeep;

    @Option(names = "--history-total", paramLabel = "N",
            description = "Messages kept in all rooms together (memory, SQLite and Redis); the rooms used least"
                    + " recently are forgotten first (default: ${DEFAULT-VALUE}).")
    int historyTotal;

    @Option(names = "--history-max-age", paramLabel = "DAYS",
            description = "Delete messages older than this; 0 keeps them (default: ${DEFAULT-VALUE}).")
    int historyMaxAge;

    @Option(names = "--secret", paramLabel = "SECRET",
            description = "Turns authentication on everywhere: the HMAC challenge on TCP and UDP, an access key for"
                    + " browsers and the API. Prefer SWITCHBOARD_SECRET or --secret-file: arguments show in ps.")
    String secret;

    @Option(names = "--secret-file", paramLabel = "FILE", description = "Reads the secret from a file (its first line).")
    java.nio.file.Path secretFile;

    @Option(names = "--auth-timeout", paramLabel = "SECONDS",
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

    @Option(names = "--max-connections", paramLabel = "N",
            description = "TCP and WebSocket connections at most (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-per-address", paramLabel = "N",
            description = "Connections (and datagram members) at most from one IP address (default: ${DEFAULT-VALUE}).")
    int maxPerAddress;

    @Option(names = "--message-rate", paramLabel = "N",
            description = "Messages a second one member may send, twice that in a burst (default: ${DEFAULT-VALUE}).")
    int messageRate;

    @Option(names = "--max-rooms", paramLabel = "N",
            description = "Rooms at most (default: ${DEFAULT-VALUE}).")
    int maxRooms;

    // Relay (browser WebSocket -> allow-listed raw TCP/UDP server): these four options belong together.
    @Option(names = "--relay", split = ",", paramLabel = "NAME=tcp|udp://HOST:PORT",
            description = "Allow-list a relay target: /relay/NAME pipes a browser WebSocket to it (repeatable).")
    List<String> relays = new ArrayList<>();

    @Option(names = "--relay-max-sessions", paramLabel = "N",
            description = "Relay sessions at once, all targets together (default: ${DEFAULT-VALUE}).")
    int relayMaxSessions;

    @Option(names = "--relay-max-per-target", paramLabel = "N",
            description = "Relay sessions at once to one target (default: ${DEFAULT-VALUE}).")
    int relayMaxPerTarget;

    @Option(names = "--relay-idle", paramLabel = "SECONDS",
            description = "A relay session where nothing moves either way for this long is closed (default: ${DEFAULT-VALUE}).")
    int relayIdle;

    @Option(names = "--cluster", paramLabel = "redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]",
            description = "Joins the nodes sharing this Redis: rooms, presence and history are shared"
                    + " (put the password in SWITCHBOARD_CLUSTER to keep it out of ps).")
    String cluster;

    @Option(names = "--node", paramLabel = "NAME",
            description = "This node's name in rosters (cluster mode; default: host name and a random suffix).")
    String node;

    @Option(names = "--cluster-ttl", paramLabel = "SECONDS",
            description = "A node silent this long is taken for dead and its members leave (default: ${DEFAULT-VALUE}).")
    double clusterTtl;

    @Option(names = "--base-path", paramLabel = "PATH",
            description = "Serve the page, WebSockets and API under this path, e.g. /chat, for a reverse proxy that"
                    + " passes its prefix on (one that strips it needs nothing: the page's links are relative).")
    String basePath;
    @Option(names = "--public-host", paramLabel = "HOST",
            description = "The name people reach this gateway by (e.g. behind NAT or a proxy), shown in the banner and"
                    + " the page's join commands (default: the addresses it listens on).")
    String publicHost;

    @Option(names = "--log-level", paramLabel = "LEVEL",
            description = "error, warn, info, debug or trace (default: ${DEFAULT-VALUE}).")
    String logLevel;

    @Option(names = "--io-uring", defaultValue = "false", arity = "0..1", paramLabel = "true|false",
            description = "Run the chat's raw sockets (TCP, UDP) on io_uring instead of epoll; where the kernel does"
                    + " not allow it, epoll is used and the log says why. Relay upstreams are always on the JDK's"
                    + " NIO (default: ${DEFAULT-VALUE}).")
    boolean ioUring;

    @Option(names = "--log-connections", arity = "1", paramLabel = "true|false",
            description = "One INFO line per connection opened and closed (default: ${DEFAULT-VALUE}).")
    boolean logConnections;

    @Option(names = "--drain-delay", paramLabel = "SECONDS",
            description = "On SIGTERM, /readyz answers 503 for this long before members are told, so a load balancer"
                    + " stops sending new ones (default: ${DEFAULT-VALUE}).")
    int drainDelay;

    // Shared files (/file NAME SIZE, curl -T, the page's attach button): these five belong together.
    @Option(names = "--files-dir", paramLabel = "DIR",
            description = "Keep shared files (and their index, files.db) here instead of beside the history database;"
                    + " in a cluster, a directory every node shares, without which uploads are refused.")
    Path filesDir;

    @Option(names = "--max-file", paramLabel = "BYTES",
            description = "Largest file anyone may share (default: ${DEFAULT-VALUE}, 10 MiB).")
    long maxFile;

    @Option(names = "--file-room-quota", paramLabel = "BYTES",
            description = "Bytes of files one room may hold at once (default: ${DEFAULT-VALUE}, 200 MiB).")
    long fileRoomQuota;

    @Option(names = "--file-quota", paramLabel = "BYTES",
            description = "Bytes of files the server may hold at once (default: ${DEFAULT-VALUE}, 1 GiB).")
    long fileQuota;

    @Option(names = "--file-keep-days", paramLabel = "DAYS",
            description = "Delete shared files this many days after they were shared; 0 keeps them"
                    + " (default: ${DEFAULT-VALUE}).")
    int fileKeepDays;

    /** The settings these options make, validated; throws with a one-line message when they are wrong. */
    Settings settings() {
        String key = secret;
        if (secretFile != null) {
            if (key != null) {
                throw new IllegalArgumentException("--secret and --secret-file both given; use one");
            }
            key = SecretFile.read(secretFile);
        }
        return Settings.builder()
                .bind(bind)
                .ports(httpPort, tcpPort, udpPort)
                .limits(maxLine, maxFrame, maxLines)
                .outbox(outboxMessages, outboxBytes)
                .writeDelay(Duration.ofMillis(writeDelay))
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
    }
}
