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
 * @param writeDelay      how long a member's output may wait to share one write with what follows it
 */
public record Settings(String bind, int httpPort, int tcpPort, int udpPort, int maxLineBytes, int maxFrameBytes,
        int maxLines, int outboxEvents, long outboxBytes, int replay, Duration shutdownGrace, Duration udpIdle,
        int udpMaxMembers, int udpRate, String history, int historyKeep, Duration historyMaxAge, String secret,
        Duration authTimeout, java.util.List<String> allowOrigins, int maxConnections, int maxPerAddress,
        int messageRate, int maxRooms, RelaySettings relay, ClusterSettings cluster, String basePath,
        String publicHost, String logLevel, boolean logConnections, Duration drainDelay, UdpVerify udpVerify,
        int maxMessageBytes, int historyTotal, TrustedProxies trustedProxies, FileSettings files,
        Duration writeDelay) {
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
        if (writeDelay.isNegative() || writeDelay.toMillis() > 100) {
            throw new IllegalArgumentException("--write-delay takes 0 to 100 milliseconds, not " + writeDelay.toMillis());
        }
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
    public static SettingsBuilder builder() {
        return new SettingsBuilder();
    }

    /**
     * The defaults with every port chosen by the system, a short shutdown, history in memory and
     * no message-rate limit to speak of: what tests start from (the limits have tests of their own).
     */
    public static SettingsBuilder forTests() {
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
}
