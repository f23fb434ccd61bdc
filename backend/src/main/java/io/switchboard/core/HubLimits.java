package io.switchboard.core;

import java.time.Duration;

/**
 * The hub's own limits.
 *
 * @param maxLines   lines one message may have; the rest is cut with a marker
 * @param replay     messages replayed to a member entering a room
 * @param keep       messages each room remembers
 * @param dropGrace  how long a dropped member's last word may take before the connection is cut
 */
public record HubLimits(int maxLines, int replay, int keep, Duration dropGrace) {

    /** The defaults the product ships with. */
    public static HubLimits defaults() {
        return new HubLimits(20, 20, 200, Duration.ofSeconds(2));
    }
}
