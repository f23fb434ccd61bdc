package io.switchboard.ops;

import io.switchboard.core.Lifecycle;
import io.switchboard.core.Member;
import io.switchboard.core.Peer;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per member arriving and leaving, on every transport, under the logger
 * {@code io.switchboard.connections} ({@code --log-connections false} turns it off). Lines say
 * transport, address, nick, reason and duration; never message text (a /quit reason is user
 * text, so only "quit" is logged).
 */
public final class ConnectionLog implements Lifecycle {
    private static final Logger log = LoggerFactory.getLogger("io.switchboard.connections");

    private final Clock clock;

    /** Durations are measured with {@code clock} from each peer's connection time. */
    public ConnectionLog(Clock clock) {
        this.clock = clock;
    }

    /** Logs "connection opened" with transport, address and nick. */
    @Override
    public void joined(Member member) {
        Peer peer = member.peer();
        log.info("connection opened transport={} address={} nick={}", peer.transport(), peer.address(),
                member.nick());
    }

    /** Logs "connection closed" with transport, address, nick, reason and how long it lasted. */
    @Override
    public void left(Member member, String reason) {
        Peer peer = member.peer();
        log.info("connection closed transport={} address={} nick={} reason=\"{}\" duration={}", peer.transport(),
                peer.address(), member.nick(), withoutUserText(reason),
                seconds(Duration.between(peer.since(), clock.instant())));
    }

    /** A connection turned away before it became a member (a cap was reached). */
    public static void refused(String transport, String address, String reason) {
        log.info("connection refused transport={} address={} reason=\"{}\"", transport, address, reason);
    }

    /** The same lines for relay sessions, which are connections but not members: target instead of nick. */
    public static final class Relays {
        private record Open(String address, String target, long since) {
        }

        private final Map<String, Open> open = new ConcurrentHashMap<>();

        /** A relay session {@code id} from {@code address} to {@code target} is open. */
        public void opened(String id, String address, String target) {
            open.put(id, new Open(address, target, System.nanoTime()));
            log.info("connection opened transport=relay address={} target={}", address, target);
        }

        /** The relay session {@code id} ended with this WebSocket close code; nothing if it never opened. */
        public void closed(String id, int code, String reason) {
            Open session = open.remove(id);
            if (session != null) {
                log.info("connection closed transport=relay address={} target={} code={} reason=\"{}\" duration={}",
                        session.address(), session.target(), code, withoutUserText(reason),
                        seconds(Duration.ofNanos(System.nanoTime() - session.since())));
            }
        }
    }

    /** A /quit reason is reduced to "quit"; a browser's close reason is kept on one line and short (no log forging). */
    private static String withoutUserText(String reason) {
        if (reason == null) {
            return "";
        }
        String line = reason.startsWith("quit") ? "quit" : reason.replaceAll("\\p{Cntrl}", " ").replace('"', '\'');
        return line.length() > 120 ? line.substring(0, 120) + "..." : line;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", Math.max(0, d.toMillis()) / 1000.0);
    }
}
