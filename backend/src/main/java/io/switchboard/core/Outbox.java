package io.switchboard.core;

import io.switchboard.runtime.Threads;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A member's bounded output queue with exactly one drainer at a time.
 *
 * <p>Fan-out only calls {@link #offer} (or {@link #enqueue}), which never blocks: it encodes
 * (once per format, via the envelope), counts, appends and, if no drainer is running, starts
 * one on the executor. The drainer swaps the whole pending list for its empty one and hands it
 * to the {@link Sink} in one batch, so a busy member gets few large writes instead of many small
 * ones. When the queue would pass its event or byte limit the member is too slow: the outbox
 * stops accepting, and its failure handler (the hub) drops the member with a reason; the room
 * never waits for it.
 *
 * <p>The queue is a plain list behind a short lock rather than a lock-free queue: profiling
 * the fan-out showed a node allocation and four contended atomic updates per delivery there;
 * now a delivery costs one uncontended lock and an array append, and the drainer takes the
 * lock twice per batch.
 */
public final class Outbox<T> {
    private static final int OPEN = 0;
    private static final int FINISHING = 1;
    private static final int CLOSED = 2;
    /** {@link #enqueue} outcomes. */
    static final int REFUSED = 0;
    static final int QUEUED = 1;
    static final int WAKE = 2;

    // One daemon timer for every outbox: it only fires to abort members that would not drain.
    private static final ScheduledExecutorService DEADLINES = Threads.timer("outbox-deadlines");

    private volatile Format<T> format; // one format per member; a terminal may switch to colour
    private final Sink<T> sink;
    private final Executor executor;
    private final int maxEvents;
    private final long maxBytes;

    private final Object lock = new Object();
    // Guarded by lock.
    private final Backlog<T> backlog = new Backlog<>();
    private boolean draining;
    private Ending ending = Ending.NORMAL;
    private String closeReason; // set by finish: the drainer closes once everything before it is written

    private final BatchWriter<T> writer; // the drainer's
    private final BatchWriter.Released released = (payloads, bytes) -> {
        synchronized (lock) {
            backlog.release(payloads, bytes);
        }
    };
    private final Runnable drainer = this::drain; // made once: a fan-out starts hundreds of drainers per line
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile Consumer<String> onFailure = reason -> { };
    private volatile Stats stats;

    public Outbox(Format<T> format, Sink<T> sink, Executor executor, int maxEvents, long maxBytes) {
        this.format = format;
        this.sink = sink;
        this.writer = new BatchWriter<>(sink);
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

    /** Encodes in {@code next} from now on (a terminal that shows colours); both must count sizes alike. */
    public void reformat(Format<T> next) {
        this.format = next;
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
        Format<T> f = format;
        T payload = envelope.encoded(f);
        if (payload == null) {
            return QUEUED;
        }
        int size = f.size(payload);
        synchronized (lock) {
            if (state.get() != OPEN) {
                return REFUSED;
            }
            if (backlog.fits(size, maxEvents, maxBytes)) {
                backlog.add(payload, size);
                if (draining || backlog.held()) {
                    return QUEUED;
                }
                draining = true;
                return WAKE;
            }
        }
        fail("too slow: more than " + maxEvents + " messages or " + maxBytes + " bytes waiting to be read");
        return REFUSED;
    }

    /**
     * Holds what is offered from now on behind what {@link #release} will put first: a member's
     * intro is built under the directory's lock and encoded after it, and nothing offered
     * meanwhile may overtake it. The drainer waits while held.
     */
    void hold() {
        synchronized (lock) {
            backlog.hold();
        }
    }

    /** Encodes {@code first} (outside any lock), puts it before what was offered since {@link #hold}, drains. */
    void release(List<Envelope> first) {
        Format<T> f = format;
        List<T> payloads = new ArrayList<>(first.size());
        for (Envelope e : first) {
            T payload = e.encoded(f);
            if (payload != null) {
                payloads.add(payload);
            }
        }
        synchronized (lock) {
            backlog.putFirst(state.get() != CLOSED ? payloads : List.of(), f);
        }
        resume();
    }

    /** The sink takes more again (it said not {@link Sink#ready}): drains what waited. */
    public void resume() {
        boolean wake;
        synchronized (lock) {
            wake = !draining && (!backlog.isEmpty() || state.get() == FINISHING && closeReason != null);
            draining |= wake;
        }
        if (wake) {
            startDrainer();
        }
    }

    /** Starts the drainer that {@link #enqueue} reserved. */
    void startDrainer() {
        executor.execute(drainer);
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
        T last = farewell == null ? null : farewell.encoded(format);
        boolean wake;
        synchronized (lock) {
            if (ending == Ending.DROPPED) {
                backlog.discard(format);
            }
            if (last != null) {
                backlog.add(last, format.size(last));
            }
            this.ending = ending;
            closeReason = reason == null ? "" : reason;
            wake = !draining;
            draining = true;
        }
        DEADLINES.schedule(this::abort, grace.toMillis(), TimeUnit.MILLISECONDS);
        if (wake) {
            startDrainer();
        }
    }

    /** Closes at once without flushing; safe from any thread, idempotent. */
    public void abort() {
        if (state.getAndSet(CLOSED) != CLOSED) {
            synchronized (lock) {
                backlog.clear();
            }
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
        synchronized (lock) {
            return backlog.events();
        }
    }

    private void fail(String reason) {
        if (state.compareAndSet(OPEN, FINISHING)) {
            onFailure.accept(reason);
        }
    }

    private void drain() {
        try {
            for (;;) {
                String reason = null; // non-null: everything is written, close now
                Ending how;
                synchronized (lock) {
                    how = ending;
                    if (backlog.held() && state.get() != CLOSED) {
                        draining = false; // release() starts a drainer once the intro is in
                        return;
                    }
                    if (!sink.ready() && state.get() != CLOSED) {
                        draining = false; // the sink's buffer is full: resume() starts a drainer again
                        return;
                    }
                    if (backlog.isEmpty()) {
                        if (state.get() == FINISHING && closeReason != null) {
                            reason = closeReason;
                        } else {
                            draining = false;
                            return;
                        }
                    } else {
                        writer.take(backlog);
                    }
                }
                if (reason != null) {
                    if (state.compareAndSet(FINISHING, CLOSED)) {
                        sink.close(how, reason.isEmpty() ? null : reason);
                        closed.complete(null);
                    }
                    return; // the outbox is closed: no drainer is ever needed again
                }
                if (state.get() == CLOSED) {
                    writer.discard();
                    return;
                }
                writer.write(format, stats, released);
            }
        } catch (IOException | RuntimeException e) {
            writer.discard();
            synchronized (lock) {
                draining = false;
            }
            lost();
        }
    }

    /** The sink found the connection gone, perhaps after the write was handed over: closes, tells the hub. */
    public void lost() {
        boolean wasOpen = state.get() == OPEN;
        abort();
        if (wasOpen) {
            onFailure.accept("connection lost");
        }
    }
}
