package io.switchboard.core;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongConsumer;

/**
 * Counters the hub and outboxes keep for /metrics, cheap enough for the message path; and the
 * hooks operations attach: a recorder of delivery waits, a listener for arrivals and departures.
 */
public final class Stats {
    private final LongAdder messagesIn = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder droppedSlow = new LongAdder();
    private final LongAdder droppedLost = new LongAdder();
    private final LongAdder droppedFlooding = new LongAdder();
    private final LongAdder throttled = new LongAdder();
    private volatile LongConsumer waits = nanos -> { };
    private volatile Lifecycle lifecycle = Lifecycle.NONE;

    void messageIn() {
        messagesIn.increment();
    }

    void delivered(int payloads, long bytes) {
        deliveries.add(payloads);
        bytesOut.add(bytes);
    }

    void dropped(String reason) {
        (reason.startsWith("too slow") ? droppedSlow : reason.startsWith("flooding") ? droppedFlooding : droppedLost)
                .increment();
    }

    void throttled() {
        throttled.increment();
    }

    /** One written batch waited {@code nanos} from its first payload's enqueueing to the end of its write. */
    void waited(long nanos) {
        waits.accept(nanos);
    }

    /** Where to record delivery waits (once per written batch, in nanoseconds). */
    public void recordWaits(LongConsumer recorder) {
        waits = recorder;
    }

    /** Who to tell about arrivals and departures. */
    public void watch(Lifecycle listener) {
        lifecycle = listener;
    }

    Lifecycle lifecycle() {
        return lifecycle;
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

    /** Members disconnected for flooding after being told to slow down. */
    public long droppedFlooding() {
        return droppedFlooding.sum();
    }

    /** Messages dropped because their member sent faster than --message-rate. */
    public long throttledMessages() {
        return throttled.sum();
    }

    /** Members whose connection failed under a write. */
    public long droppedLost() {
        return droppedLost.sum();
    }
}
