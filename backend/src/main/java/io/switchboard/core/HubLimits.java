package io.switchboard.core;

import java.time.Duration;

/**
 * The hub's own limits.
 *
 * @param maxLines   lines one message may have; the rest is cut with a marker
 * @param replay     messages replayed to a member entering a room
 * @param keep       messages each room remembers
 * @param dropGrace  how long a dropped member's last word may take before the connection is cut
 * @param rate       inputs a second one member may send (twice that in a burst)
 * @param maxRooms   rooms at most
 * @param maxBytes   UTF-8 bytes one message may have after sanitising; the rest is cut with a marker
 * @param replayBytes message text a replay may carry in all, so that it always fits a newcomer's
 *                   outbox whatever was posted before (HTML escaping can make it five times larger)
 */
public record HubLimits(int maxLines, int replay, int keep, Duration dropGrace, int rate, int maxRooms,
        int maxBytes, long replayBytes) {

    /** The defaults the product ships with. */
    public static HubLimits defaults() {
        return new HubLimits(20, 20, 200, Duration.ofSeconds(2), 10, 1000, 4096, 1024 * 1024 / 8);
    }

    /** These limits with another message rate. */
    public HubLimits withRate(int perSecond) {
        return new HubLimits(maxLines, replay, keep, dropGrace, perSecond, maxRooms, maxBytes, replayBytes);
    }

    /** These limits with another room cap. */
    public HubLimits withMaxRooms(int rooms) {
        return new HubLimits(maxLines, replay, keep, dropGrace, rate, rooms, maxBytes, replayBytes);
    }
}
