package io.switchboard.config;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The command line's defaults, read off the product's defaults ({@link Settings#builder()}) so
 * each is written once: the options say what they mean and in which unit, this says how a
 * setting reads as an option's value. {@link OptionDefaults} falls back to these last.
 */
final class SettingsDefaults {
    private static final Map<String, String> VALUES = read(Settings.builder().build());

    private SettingsDefaults() {
    }

    /** The default of a gateway option (its name without the dashes), or null if it has none. */
    static String of(String option) {
        return VALUES.get(option);
    }

    private static Map<String, String> read(Settings s) {
        Map<String, String> v = new HashMap<>();
        v.put("bind", s.bind());
        v.put("http-port", str(s.httpPort()));
        v.put("tcp-port", str(s.tcpPort()));
        v.put("udp-port", str(s.udpPort()));
        v.put("max-line", str(s.maxLineBytes()));
        v.put("max-frame", str(s.maxFrameBytes()));
        v.put("max-message-lines", str(s.maxLines()));
        v.put("max-message", str(s.maxMessageBytes()));
        v.put("outbox-messages", str(s.outboxEvents()));
        v.put("outbox-bytes", str(s.outboxBytes()));
        v.put("write-delay", str(s.writeDelay().toMillis()));
        v.put("history-replay", str(s.replay()));
        v.put("shutdown-grace", str(s.shutdownGrace().toSeconds()));
        v.put("udp-idle", str(s.udpIdle().toSeconds()));
        v.put("udp-max-members", str(s.udpMaxMembers()));
        v.put("udp-rate", str(s.udpRate()));
        v.put("udp-verify", s.udpVerify().name().toLowerCase(Locale.ROOT));
        v.put("history", s.history());
        v.put("history-keep", str(s.historyKeep()));
        v.put("history-total", str(s.historyTotal()));
        v.put("history-max-age", str(s.historyMaxAge().toDays()));
        v.put("auth-timeout", str(s.authTimeout().toSeconds()));
        v.put("max-connections", str(s.maxConnections()));
        v.put("max-per-address", str(s.maxPerAddress()));
        v.put("message-rate", str(s.messageRate()));
        v.put("max-rooms", str(s.maxRooms()));
        v.put("relay-max-sessions", str(s.relay().maxSessions()));
        v.put("relay-max-per-target", str(s.relay().maxPerTarget()));
        v.put("relay-idle", str(s.relay().idle().toSeconds()));
        v.put("cluster-ttl", str(s.cluster().ttl().toSeconds()));
        v.put("base-path", s.basePath());
        v.put("log-level", s.logLevel());
        v.put("log-connections", String.valueOf(s.logConnections()));
        v.put("drain-delay", str(s.drainDelay().toSeconds()));
        v.put("max-file", str(s.files().maxFile()));
        v.put("file-room-quota", str(s.files().roomQuota()));
        v.put("file-quota", str(s.files().totalQuota()));
        v.put("file-keep-days", str(s.files().keep().toDays()));
        return Map.copyOf(v);
    }

    private static String str(long value) {
        return Long.toString(value);
    }
}
