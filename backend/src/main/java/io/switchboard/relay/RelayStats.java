package io.switchboard.relay;

import java.util.Map;

/**
 * One target's counters at a moment, as {@code GET /api/relays} shows them.
 *
 * @param name           the target's name
 * @param target         where it goes, e.g. {@code tcp://127.0.0.1:7000}
 * @param active         sessions open now
 * @param sessions       sessions opened since start
 * @param refused        sessions refused because a cap was reached
 * @param bytesUp        bytes written to the target
 * @param bytesDown      bytes read from the target and delivered to browsers
 * @param queuedBytes    bytes held by the gateway right now, read from one side and not yet taken by the other
 * @param peakQueuedUp   the most one session ever held on its way to the target
 * @param peakQueuedDown the most one session ever held on its way to the browser
 * @param closes         how sessions ended, by WebSocket close code
 */
public record RelayStats(String name, String target, long active, long sessions, long refused, long bytesUp,
        long bytesDown, long queuedBytes, long peakQueuedUp, long peakQueuedDown, Map<String, Long> closes) {
}
