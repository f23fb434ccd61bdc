package io.switchboard.relay;

import io.switchboard.config.RelayTarget;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One target's counters: updated by its sessions without locks, read by the API. The ones every
 * relayed piece moves are adders: all of a target's sessions, on every core, update them, and one
 * shared atomic made the cores take turns at its cache line; the peaks are written only when they grow.
 */
final class RelayCounters {
    final AtomicLong active = new AtomicLong();
    final AtomicLong sessions = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final LongAdder bytesUp = new LongAdder();
    final LongAdder bytesDown = new LongAdder();
    final LongAdder queued = new LongAdder();
    final AtomicLong peakQueuedUp = new AtomicLong();
    final AtomicLong peakQueuedDown = new AtomicLong();
    private final Map<Integer, AtomicLong> closes = new ConcurrentHashMap<>();

    void closed(int code) {
        closes.computeIfAbsent(code, c -> new AtomicLong()).incrementAndGet();
    }

    RelayStats snapshot(RelayTarget target) {
        // Active first: a session counts its close before it stops being active, so a snapshot
        // that no longer shows a session as active always shows how it ended.
        long activeNow = active.get();
        Map<String, Long> byCode = new TreeMap<>();
        closes.forEach((code, count) -> byCode.put(String.valueOf(code), count.get()));
        return new RelayStats(target.name(), target.uri(), activeNow, sessions.get(), refused.get(), bytesUp.sum(),
                bytesDown.sum(), queued.sum(), peakQueuedUp.get(), peakQueuedDown.get(), byCode);
    }
}
