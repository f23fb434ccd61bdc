package io.switchboard.security;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of everything the gateway turned away, by reason, for /metrics: connections over a
 * cap, failed authentications, throttled logins, dropped datagrams. Each count is a LongAdder,
 * so a flood of refusals costs the refusing thread next to nothing.
 */
public final class Refusals {
    /** Why a connection (or a datagram member) was refused. */
    public enum Connection { MAX_CONNECTIONS, MAX_PER_ADDRESS, UDP_MAX_MEMBERS, UDP_MAX_PER_ADDRESS }

    /** A failed authentication: which way in, and how it failed. */
    public enum AuthFailure {
        HMAC_WRONG("hmac", "wrong"), HMAC_LATE("hmac", "late"), HMAC_TIMEOUT("hmac", "timeout"),
        LOGIN_WRONG("login", "wrong"), BEARER_WRONG("bearer", "wrong");

        private final String way;
        private final String reason;

        AuthFailure(String way, String reason) {
            this.way = way;
            this.reason = reason;
        }

        /** hmac (TCP and UDP challenge), login (the page's form) or bearer (an API key). */
        public String way() {
            return way;
        }

        /** wrong, late (answered after the deadline) or timeout (never answered). */
        public String reason() {
            return reason;
        }
    }

    /** Why a datagram was dropped without being handled. */
    public enum UdpDrop { RATE, REFUSED, UNAUTHENTICATED, UNVERIFIED, ERROR }

    private final LongAdder[] connections = adders(Connection.values().length);
    private final LongAdder[] auth = adders(AuthFailure.values().length);
    private final LongAdder[] udp = adders(UdpDrop.values().length);
    private final LongAdder loginsThrottled = new LongAdder();

    /** Counts a refused connection. */
    public void refused(Connection why) {
        connections[why.ordinal()].increment();
    }

    /** Counts a failed authentication. */
    public void failed(AuthFailure how) {
        auth[how.ordinal()].increment();
    }

    /** Counts a dropped datagram. */
    public void dropped(UdpDrop why) {
        udp[why.ordinal()].increment();
    }

    /** Counts a login or API request refused because its address guessed wrong too often. */
    public void loginThrottled() {
        loginsThrottled.increment();
    }

    /** Connections refused for {@code why} since start. */
    public long refusedConnections(Connection why) {
        return connections[why.ordinal()].sum();
    }

    /** Authentications failed as {@code how} since start. */
    public long failedAuthentications(AuthFailure how) {
        return auth[how.ordinal()].sum();
    }

    /** Datagrams dropped for {@code why} since start. */
    public long droppedDatagrams(UdpDrop why) {
        return udp[why.ordinal()].sum();
    }

    /** Requests refused by the wrong-key throttle since start. */
    public long loginsThrottled() {
        return loginsThrottled.sum();
    }

    /** The Prometheus label value of an enum constant: its name in lower case. */
    public static String label(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] all = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            all[i] = new LongAdder();
        }
        return all;
    }
}
