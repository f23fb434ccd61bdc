package io.switchboard.core;

import java.util.concurrent.atomic.LongAdder;

/** Counters the hub and outboxes keep for /metrics; cheap enough for the message path. */
public final class Stats {
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder droppedSlow = new LongAdder();
    private final LongAdder droppedLost = new LongAdder();

    void messageIn() {
        messagesIn.increment();
    }

    void delivered(int payloads, long bytes) {
        deliveries.add(payloads);
        bytesOut.add(bytes);
    }

    void dropped(String reason) {
        (reason.startsWith("too slow") ? droppedSlow : droppedLost).increment();
    }

    /** Chat messages, emotes and private messages accepted from members. */
    public long messagesIn() {
        return messagesIn.sum();
    }

    /** Payloads written to members (a message to 10 members counts 10). */
    public long deliveries() {
        return deliveries.sum();
    }

    /** Bytes written to members (payload bytes: line text, WebSocket frame text, datagrams). */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Members disconnected because they read too slowly. */
    public long droppedSlow() {
        return droppedSlow.sum();
    }

    /** Members whose connection failed under a write. */
    public long droppedLost() {
        return droppedLost.sum();
    }
}
