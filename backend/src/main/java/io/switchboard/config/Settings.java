package io.switchboard.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Every option of a running gateway, validated once. Adapters read what they need from here;
 * nothing else reads the command line or the environment.
 *
 * @param bind            address every listener binds to
 * @param httpPort        page, WebSocket and API port (0 = any free port)
 * @param tcpPort         TCP line-protocol port (0 = any free port)
 * @param udpPort         UDP datagram port (0 = any free port)
 * @param maxLineBytes    longest input line (TCP line, line in a datagram), in bytes
 * @param maxFrameBytes   longest WebSocket text message, in bytes
 * @param maxLines        lines one message may carry (a browser can paste several)
 * @param outboxEvents    messages that may wait for one slow member before it is dropped
 * @param outboxBytes     bytes that may wait for one slow member before it is dropped
 * @param replay          recent messages shown to a member entering a room
 * @param shutdownGrace   how long shutdown waits for queued output to be written
 * @param udpIdle         how long a datagram member stays without sending anything
 * @param udpMaxMembers   datagram members at most; newcomers beyond are refused
 * @param udpRate         lines per second one address may send in datagrams (twice that in a burst)
 * @param history         where history lives: "memory" or "sqlite:PATH"
 * @param historyKeep     messages kept per room in the history store
 * @param historyMaxAge   messages older than this are deleted; zero keeps them forever
 * @param secret          the shared secret that turns authentication on; null leaves it off
 * @param authTimeout     how long a client has to answer the HMAC challenge
 * @param allowOrigins    origins, besides the gateway's own, whose pages may open WebSockets
 * @param maxConnections  simultaneous TCP/WebSocket/relay connections in total
 * @param maxPerAddress   simultaneous connections (and datagram members) from one IP address
 * @param messageRate     messages a second one member may send (twice that in a burst)
 * @param maxRooms        rooms at most
 * @param relay           the relay's allow-list and limits ({@link RelaySettings#NONE}: off)
 * @param cluster         the shared Redis of a cluster ({@link ClusterSettings#NONE}: a single node)
 * @param basePath        the path the page and everything under it are served from ("" for the root,
 *                        else like "/chat"), for a reverse proxy that passes its prefix through
 * @param publicHost      the host name users reach the gateway by, for the banner and the page; null: the addresses
 * @param logLevel        error, warn, info, debug or trace
 * @param logConnections  one INFO line per connection opened and closed
 * @param drainDelay      after SIGTERM, how long /readyz says 503 before members are told
 * @param udpVerify       which datagram sources must prove they receive before they are members
 * @param maxMessageBytes UTF-8 bytes one message may have once sanitised; the rest is cut with a marker
 * @param historyTotal    messages kept in all rooms together; the rooms used least recently go first
 * @param trustedProxies  peers whose X-Forwarded-For and PROXY headers name the real client ({@code --trusted-proxy})
 * @param files           shared files: where, how large, how much, how long
 */
public record Settings(String bind, int httpPort, int tcpPort, int udpPort, int maxLineBytes, int maxFrameBytes,
        int maxLines, int outboxEvents, long outboxBytes, int replay, Duration shutdownGrace, Duration udpIdle,
        int udpMaxMembers, int udpRate, String history, int historyKeep, Duration historyMaxAge, String secret,
        Duration authTimeout, java.util.List<String> allowOrigins, int maxConnections, int maxPerAddress,
        int messageRate, int maxRooms, RelaySettings relay, ClusterSettings cluster, String basePath,
        String publicHost, String logLevel, boolean logConnections, Duration drainDelay, UdpVerify udpVerify,
        int maxMessageBytes, int historyTotal, TrustedProxies trustedProxies, FileSettings files) {
    private static final java.util.List<String> LOG_LEVELS = java.util.List.of("error", "warn", "info", "debug", "trace");

    public Settings {
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException("--bind needs an address, e.g. 127.0.0.1 or 0.0.0.0");
        }
        port("--http-port", httpPort);
        port("--tcp-port", tcpPort);
        port("--udp-port", udpPort);
        atLeast("--max-line", maxLineBytes, 16);
        atLeast("--max-frame", maxFrameBytes, 128);
        atLeast("--max-message-lines", maxLines, 1);
        atLeast("--max-message", maxMessageBytes, 64);
        atLeast("--outbox-messages", outboxEvents, 1);
        atLeast("--outbox-bytes", outboxBytes, 1024);
        atLeast("--history-replay", replay, 0);
        atLeast("--shutdown-grace", shutdownGrace.toMillis(), 0);
        atLeast("--udp-idle", udpIdle.toMillis(), 1);
        atLeast("--udp-max-members", udpMaxMembers, 0);
        atLeast("--udp-rate", udpRate, 1);
        if (!history.equals("memory") && !(history.startsWith("sqlite:") && history.length() > "sqlite:".length())) {
            throw new IllegalArgumentException("--history must be memory or sqlite:PATH, not " + history);
        }
        atLeast("--history-keep", historyKeep, 1);
        atLeast("--history-max-age", historyMaxAge.toMillis(), 0);
        atLeast("--history-total", historyTotal, 1);
        if (secret != null && secret.isBlank()) {
            throw new IllegalArgumentException("--secret is empty; give a secret or leave the option out");
        }
        atLeast("--auth-timeout", authTimeout.toMillis(), 1);
        allowOrigins = java.util.List.copyOf(allowOrigins);
        for (String origin : allowOrigins) {
            if (!origin.matches("(?i)https?://[^/\\s]+/?")) {
                throw new IllegalArgumentException("--allow-origin takes an origin like https://chat.example.org, not "
                        + origin);
            }
        }
        atLeast("--max-connections", maxConnections, 1);
        atLeast("--max-per-address", maxPerAddress, 1);
        atLeast("--message-rate", messageRate, 1);
        atLeast("--max-rooms", maxRooms, 1);
        Objects.requireNonNull(relay, "relay settings");
        Objects.requireNonNull(cluster, "cluster settings");
        basePath = basePath == null || basePath.equals("/") ? "" : basePath.replaceAll("/+$", "");
        if (!basePath.isEmpty() && !basePath.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new IllegalArgumentException("--base-path takes a path like /chat (letters, digits, . _ ~ -), not "
                    + basePath);
        }
        if (publicHost != null && !publicHost.matches("[\\p{L}\\p{N}.:\\[\\]_-]+")) {
            throw new IllegalArgumentException("--public-host takes a host name or address, like chat.example.org, not "
                    + publicHost);
        }
        logLevel = logLevel.toLowerCase(java.util.Locale.ROOT);
        if (!LOG_LEVELS.contains(logLevel)) {
            throw new IllegalArgumentException("--log-level must be one of " + String.join(", ", LOG_LEVELS) + ", not "
                    + logLevel);
        }
        atLeast("--drain-delay", drainDelay.toMillis(), 0);
        Objects.requireNonNull(trustedProxies, "trusted proxies");
        Objects.requireNonNull(files, "file settings");
    }

    /** Never shows the secret: settings may end up in a log. */
    @Override
    public String toString() {
        return "Settings[bind=" + bind + ", http=" + httpPort + ", tcp=" + tcpPort + ", udp=" + udpPort
                + ", history=" + history + ", auth=" + (secret == null ? "off" : "on") + ", cluster=" + cluster + "]";
    }

    /** The SQLite file of the history, or null when history is kept in memory. */
    public java.nio.file.Path historyFile() {
        return history.startsWith("sqlite:") ? java.nio.file.Path.of(history.substring("sqlite:".length())) : null;
    }

    /** Starts from the product's defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The defaults with every port chosen by the system, a short shutdown, history in memory and
     * no message-rate limit to speak of: what tests start from (the limits have tests of their own).
     */
    public static Builder forTests() {
        return builder().ports(0, 0, 0).shutdownGrace(Duration.ofSeconds(2)).history("memory")
                .messageRate(1_000_000);
    }

    private static void port(String option, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(option + " must be a port from 0 to 65535 (0 picks a free one), not "
                    + value);
        }
    }

    static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", not " + value);
        }
    }

    /** Collects options; {@link #build} validates them all at once. */
    public static final class Builder {
        private String bind = "127.0.0.1";
        private int httpPort = 8080;
        private int tcpPort = 2323;
        private int udpPort = 2323;
        private int maxLineBytes = 4096;
        private int maxFrameBytes = 65536;
        private int maxLines = 20;
        private int outboxEvents = 4096;
        private long outboxBytes = 1 << 20;
        private int replay = 20;
        private Duration shutdownGrace = Duration.ofSeconds(5);
        private Duration udpIdle = Duration.ofMinutes(10);
        private int udpMaxMembers = 1000;
        private int udpRate = 20;
        private String history = "sqlite:switchboard-data/history.db";
        private int historyKeep = 10_000;
        private Duration historyMaxAge = Duration.ZERO;
        private int historyTotal = 1_000_000;
        private String secret;
        private Duration authTimeout = Duration.ofSeconds(10);
        private java.util.List<String> allowOrigins = java.util.List.of();
        private int maxConnections = 10_000;
        private int maxPerAddress = 50;
        private int messageRate = 10;
        private int maxRooms = 1000;
        private RelaySettings relay = RelaySettings.NONE;
        private ClusterSettings cluster = ClusterSettings.NONE;
        private String basePath = "";
        private String publicHost;
        private String logLevel = "info";
        private boolean logConnections = true;
        private Duration drainDelay = Duration.ZERO;
        private UdpVerify udpVerify = UdpVerify.REMOTE;
        private int maxMessageBytes = 4096;
        private TrustedProxies trustedProxies = TrustedProxies.NONE;
        private FileSettings files = FileSettings.DEFAULTS;

        public Builder bind(String value) {
            bind = value;
            return this;
        }

        public Builder ports(int http, int tcp, int udp) {
            httpPort = http;
            tcpPort = tcp;
            udpPort = udp;
            return this;
        }

        public Builder limits(int lineBytes, int frameBytes, int lines) {
            maxLineBytes = lineBytes;
            maxFrameBytes = frameBytes;
            maxLines = lines;
            return this;
        }

        public Builder outbox(int events, long bytes) {
            outboxEvents = events;
            outboxBytes = bytes;
            return this;
        }

        public Builder replay(int messages) {
            replay = messages;
            return this;
        }

        public Builder shutdownGrace(Duration value) {
            shutdownGrace = value;
            return this;
        }

        public Builder udp(Duration idle, int maxMembers, int ratePerSecond) {
            udpIdle = idle;
            udpMaxMembers = maxMembers;
            udpRate = ratePerSecond;
            return this;
        }

        public Builder history(String where) {
            history = where;
            return this;
        }

        public Builder historyRetention(int keepPerRoom, Duration maxAge) {
            historyKeep = keepPerRoom;
            historyMaxAge = maxAge;
            return this;
        }

        /** Messages kept in all rooms together, whatever the store. */
        public Builder historyTotal(int messages) {
            historyTotal = messages;
            return this;
        }

        /** Turns authentication on (null leaves it off), with the time a client has to answer. */
        public Builder secret(String value, Duration timeout) {
            secret = value;
            authTimeout = timeout;
            return this;
        }

        public Builder allowOrigins(java.util.List<String> origins) {
            allowOrigins = origins;
            return this;
        }

        public Builder connections(int total, int perAddress) {
            maxConnections = total;
            maxPerAddress = perAddress;
            return this;
        }

        public Builder messageRate(int perSecond) {
            messageRate = perSecond;
            return this;
        }

        public Builder maxRooms(int rooms) {
            maxRooms = rooms;
            return this;
        }

        public Builder relay(RelaySettings value) {
            relay = value;
            return this;
        }

        public Builder cluster(ClusterSettings value) {
            cluster = value;
            return this;
        }

        /** The prefix everything is served under ("" or "/" for the root; a trailing slash is dropped). */
        public Builder basePath(String value) {
            basePath = value;
            return this;
        }

        /** The host name people use to reach the gateway (null: its own addresses). */
        public Builder publicHost(String host) {
            publicHost = host == null || host.isBlank() ? null : host.strip();
            return this;
        }

        /** The log level, and whether each connection gets a line when it opens and closes. */
        public Builder logging(String level, boolean connections) {
            logLevel = level;
            logConnections = connections;
            return this;
        }

        /** The longest message, in UTF-8 bytes once sanitised. */
        public Builder maxMessageBytes(int bytes) {
            maxMessageBytes = bytes;
            return this;
        }

        /** Which datagram sources must prove they receive what is sent to them. */
        public Builder udpVerify(UdpVerify value) {
            udpVerify = Objects.requireNonNull(value);
            return this;
        }

        /** How long /readyz says 503 after SIGTERM before members are told to go. */
        public Builder drainDelay(Duration value) {
            drainDelay = value;
            return this;
        }

        /** The proxies whose forwarded client addresses are believed ({@link TrustedProxies#NONE}: none). */
        public Builder trustedProxies(TrustedProxies value) {
            trustedProxies = Objects.requireNonNull(value);
            return this;
        }

        /** Where shared files are kept and their limits. */
        public Builder files(FileSettings value) {
            files = Objects.requireNonNull(value);
            return this;
        }

        public Settings build() {
            return new Settings(bind, httpPort, tcpPort, udpPort, maxLineBytes, maxFrameBytes, maxLines, outboxEvents,
                    outboxBytes, replay, shutdownGrace, udpIdle, udpMaxMembers, udpRate, history, historyKeep,
                    historyMaxAge, secret, authTimeout, allowOrigins, maxConnections, maxPerAddress, messageRate,
                    maxRooms, relay, cluster, basePath, publicHost, logLevel, logConnections, drainDelay, udpVerify,
                    maxMessageBytes, historyTotal, trustedProxies, files);
        }
    }
}
