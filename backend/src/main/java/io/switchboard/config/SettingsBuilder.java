package io.switchboard.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Collects options; {@link #build} validates them all at once. The field initialisers are the
 * product's defaults, written here only: the command line reads them off (SettingsDefaults).
 */
public final class SettingsBuilder {
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
    private Duration writeDelay = Duration.ofMillis(4);

    public SettingsBuilder bind(String value) {
        bind = value;
        return this;
    }

    public SettingsBuilder ports(int http, int tcp, int udp) {
        httpPort = http;
        tcpPort = tcp;
        udpPort = udp;
        return this;
    }

    public SettingsBuilder limits(int lineBytes, int frameBytes, int lines) {
        maxLineBytes = lineBytes;
        maxFrameBytes = frameBytes;
        maxLines = lines;
        return this;
    }

    public SettingsBuilder outbox(int events, long bytes) {
        outboxEvents = events;
        outboxBytes = bytes;
        return this;
    }

    public SettingsBuilder replay(int messages) {
        replay = messages;
        return this;
    }

    public SettingsBuilder shutdownGrace(Duration value) {
        shutdownGrace = value;
        return this;
    }

    public SettingsBuilder udp(Duration idle, int maxMembers, int ratePerSecond) {
        udpIdle = idle;
        udpMaxMembers = maxMembers;
        udpRate = ratePerSecond;
        return this;
    }

    public SettingsBuilder history(String where) {
        history = where;
        return this;
    }

    public SettingsBuilder historyRetention(int keepPerRoom, Duration maxAge) {
        historyKeep = keepPerRoom;
        historyMaxAge = maxAge;
        return this;
    }

    /** Messages kept in all rooms together, whatever the store. */
    public SettingsBuilder historyTotal(int messages) {
        historyTotal = messages;
        return this;
    }

    /** Turns authentication on (null leaves it off), with the time a client has to answer. */
    public SettingsBuilder secret(String value, Duration timeout) {
        secret = value;
        authTimeout = timeout;
        return this;
    }

    public SettingsBuilder allowOrigins(java.util.List<String> origins) {
        allowOrigins = origins;
        return this;
    }

    public SettingsBuilder connections(int total, int perAddress) {
        maxConnections = total;
        maxPerAddress = perAddress;
        return this;
    }

    public SettingsBuilder messageRate(int perSecond) {
        messageRate = perSecond;
        return this;
    }

    public SettingsBuilder maxRooms(int rooms) {
        maxRooms = rooms;
        return this;
    }

    public SettingsBuilder relay(RelaySettings value) {
        relay = value;
        return this;
    }

    public SettingsBuilder cluster(ClusterSettings value) {
        cluster = value;
        return this;
    }

    /** The prefix everything is served under ("" or "/" for the root; a trailing slash is dropped). */
    public SettingsBuilder basePath(String value) {
        basePath = value;
        return this;
    }

    /** The host name people use to reach the gateway (null: its own addresses). */
    public SettingsBuilder publicHost(String host) {
        publicHost = host == null || host.isBlank() ? null : host.strip();
        return this;
    }

    /** The log level, and whether each connection gets a line when it opens and closes. */
    public SettingsBuilder logging(String level, boolean connections) {
        logLevel = level;
        logConnections = connections;
        return this;
    }

    /** The longest message, in UTF-8 bytes once sanitised. */
    public SettingsBuilder maxMessageBytes(int bytes) {
        maxMessageBytes = bytes;
        return this;
    }

    /** Which datagram sources must prove they receive what is sent to them. */
    public SettingsBuilder udpVerify(UdpVerify value) {
        udpVerify = Objects.requireNonNull(value);
        return this;
    }

    /** How long /readyz says 503 after SIGTERM before members are told to go. */
    public SettingsBuilder drainDelay(Duration value) {
        drainDelay = value;
        return this;
    }

    /** The proxies whose forwarded client addresses are believed ({@link TrustedProxies#NONE}: none). */
    public SettingsBuilder trustedProxies(TrustedProxies value) {
        trustedProxies = Objects.requireNonNull(value);
        return this;
    }

    /** Where shared files are kept and their limits. */
    public SettingsBuilder files(FileSettings value) {
        files = Objects.requireNonNull(value);
        return this;
    }

    /** How long output may wait to be written together with what follows it (zero: at once). */
    public SettingsBuilder writeDelay(Duration value) {
        writeDelay = Objects.requireNonNull(value);
        return this;
    }

    public Settings build() {
        return new Settings(bind, httpPort, tcpPort, udpPort, maxLineBytes, maxFrameBytes, maxLines, outboxEvents,
                outboxBytes, replay, shutdownGrace, udpIdle, udpMaxMembers, udpRate, history, historyKeep,
                historyMaxAge, secret, authTimeout, allowOrigins, maxConnections, maxPerAddress, messageRate,
                maxRooms, relay, cluster, basePath, publicHost, logLevel, logConnections, drainDelay, udpVerify,
                maxMessageBytes, historyTotal, trustedProxies, files, writeDelay);
    }
}
