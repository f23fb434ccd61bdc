package io.switchboard.core;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A member's bounded output queue with exactly one drainer at a time.
 *
 * <p>Fan-out only calls {@link #offer}, which never blocks: it encodes (once per format, via
 * the envelope), counts, enqueues and, if no drainer is running, starts one on the executor.
 * The drainer takes everything pending and hands it to the {@link Sink} in one batch, so a
 * busy member gets few large writes instead of many small ones. When the queue would pass
 * its event or byte limit the member is too slow: the outbox stops accepting, and its
 * failure handler (the hub) drops the member with a reason; the room never waits for it.
 */
public final class Outbox<T> {
    private static final int OPEN = 0;
    private static final int FINISHING = 1;
    private static final int CLOSED = 2;
    private static final int MAX_BATCH = 1024;
    /** {@link #enqueue} outcomes. */
    static final int REFUSED = 0;
    static final int QUEUED = 1;
    static final int WAKE = 2;

    // One daemon timer for every outbox: it only fires to abort members that would not drain.
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "outbox-deadlines");
        t.setDaemon(true);
        return t;
    });

    private final Format<T> format;
    private final Sink<T> sink;
    private final Executor executor;
    private final int maxEvents;
    private final long maxBytes;

    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedEvents = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final List<T> batch = new ArrayList<>(); // touched only by the current drainer
    private volatile Ending ending = Ending.NORMAL;
    private volatile String closeReason;
    private volatile Consumer<String> onFailure = reason -> { };
    private volatile Stats stats;

    public Outbox(Format<T> format, Sink<T> sink, Executor executor, int maxEvents, long maxBytes) {
        this.format = format;
        this.sink = sink;
        this.executor = executor;
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Where to count what this outbox writes. */
    void attach(Stats counters) {
        this.stats = counters;
    }

    /** Who to tell (once) when this outbox can no longer deliver: too slow, or the peer is gone. */
    void onFailure(Consumer<String> handler) {
        this.onFailure = handler;
    }

    public Format<T> format() {
        return format;
    }

    /** Queues the envelope's payload for this member's format; never blocks. */
    public boolean offer(Envelope envelope) {
        int outcome = enqueue(envelope);
        if (outcome == WAKE) {
            startDrainer();
        }
        return outcome != REFUSED;
    }

    /**
     * Queues like {@link #offer} but leaves starting a drainer to the caller: {@link #WAKE} means
     * the caller must call {@link #startDrainer} once, after leaving its locks. Fan-out uses this
     * so that waking hundreds of writers does not happen while the room is locked.
     */
    int enqueue(Envelope envelope) {
        if (state.get() != OPEN) {
            return REFUSED;
        }
        T payload = envelope.encoded(format);
        if (payload == null) {
            return QUEUED;
        }
        int size = format.size(payload);
        if (queuedEvents.incrementAndGet() > maxEvents || queuedBytes.addAndGet(size) > maxBytes) {
            fail("too slow: more than " + maxEvents + " messages or " + maxBytes
                    + " bytes waiting to be read");
            return REFUSED;
        }
        queue.add(payload);
        return draining.compareAndSet(false, true) ? WAKE : QUEUED;
    }

    /** Starts the drainer that {@link #enqueue} reserved. */
    void startDrainer() {
        executor.execute(this::drain);
    }

    /**
     * Stops accepting, queues a last word and closes once it is written, aborting after
     * {@code grace} if the peer does not read it. A {@link Ending#DROPPED dropped} member's
     * backlog is discarded first: a member that is too slow gets the reason, not the backlog.
     */
    public void finish(Envelope farewell, Ending ending, String reason, Duration grace) {
        int s;
        do {
            s = state.get();
            if (s == CLOSED) {
                return;
            }
        } while (s != FINISHING && !state.compareAndSet(s, FINISHING));
        if (ending == Ending.DROPPED) {
            T dropped;
            while ((dropped = queue.poll()) != null) {
                release(dropped);
            }
        }
        T last = farewell == null ? null : farewell.encoded(format);
        if (last != null) {
            queuedEvents.incrementAndGet();
            queuedBytes.addAndGet(format.size(last));
            queue.add(last);
        }
        this.ending = ending;
        closeReason = reason == null ? "" : reason; // set last: the drainer closes once it sees it
        DEADLINES.schedule(this::abort, grace.toMillis(), TimeUnit.MILLISECONDS);
        schedule();
    }

    /** Closes at once without flushing; safe from any thread, idempotent. */
    public void abort() {
        if (state.getAndSet(CLOSED) != CLOSED) {
            queue.clear();
            sink.abort();
            closed.complete(null);
        }
    }

    /** Completes when the connection has been closed, however that happened. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** Payloads waiting to be written. */
    public int pending() {
        return Math.max(0, queuedEvents.get());
    }

    private void fail(String reason) {
        if (state.compareAndSet(OPEN, FINISHING)) {
            onFailure.accept(reason);
        }
    }

    private void schedule() {
        if (draining.compareAndSet(false, true)) {
            executor.execute(this::drain);
        }
    }

    private void drain() {
        try {
            for (;;) {
                T next;
                while ((next = queue.poll()) != null) {
                    batch.add(next);
                    if (batch.size() == MAX_BATCH) {
                        flush();
                    }
                }
                flush();
                int s = state.get();
                if (s == CLOSED) {
                    return;
                }
                if (s == FINISHING && queue.isEmpty() && closeReason != null) {
                    if (state.compareAndSet(FINISHING, CLOSED)) {
                        sink.close(ending, closeReason.isEmpty() ? null : closeReason);
                        closed.complete(null);
                    }
                    return;
                }
                draining.set(false);
                // Re-check: an offer or finish may have slipped in after the last poll.
                boolean more = !queue.isEmpty() || state.get() == FINISHING && closeReason != null;
                if (!more || !draining.compareAndSet(false, true)) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            batch.clear();
            draining.set(false);
            boolean wasOpen = state.get() == OPEN;
            abort();
            if (wasOpen) {
                onFailure.accept("connection lost");
            }
        }
    }

    private void flush() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        long bytes = 0;
        try {
            sink.write(batch);
        } finally {
            for (T written : batch) {
                bytes += release(written);
            }
            Stats counters = stats;
            if (counters != null) {
                counters.delivered(batch.size(), bytes);
            }
            batch.clear();
        }
    }

    private int release(T payload) {
        int size = format.size(payload);
        queuedEvents.decrementAndGet();
        queuedBytes.addAndGet(-size);
        return size;
    }
}
