package io.switchboard.ops;

import io.switchboard.core.Lifecycle;
import io.switchboard.core.Member;
import io.switchboard.core.Peer;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
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

    private static String withoutUserText(String reason) {
        return reason == null ? "" : reason.startsWith("quit") ? "quit" : reason.replace('"', '\'');
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", Math.max(0, d.toMillis()) / 1000.0);
    }
}
