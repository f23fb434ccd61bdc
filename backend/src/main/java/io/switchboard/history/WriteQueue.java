package io.switchboard.history;

import io.switchboard.core.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Chat waiting for the disk, bounded in events and in bytes: a message may be 4 KiB, so a
 * count alone would let a stalled disk hold hundreds of megabytes. The writer takes a batch,
 * which stays readable ("writing") until it is committed, so a reader always finds every
 * recorded event either here or in the table.
 */
final class WriteQueue {
    /** What one queued event is charged: its text (UTF-16) plus the record, nick and room. */
    static long cost(Event event) {
        Event.Chat c = (Event.Chat) event;
        return 96L + 2L * (c.text().length() + c.nick().length() + c.room().length() + c.via().length());
    }

    private final int maxEvents;
    private final long maxBytes;
    // Guarded by "this".
    private final ArrayDeque<Event> queued = new ArrayDeque<>();
    private List<Event> writing = List.of();
    private long bytes; // of queued and writing alike: a batch frees its bytes once committed
    private long writingBytes;

    WriteQueue(int maxEvents, long maxBytes) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Adds an event unless it would pass either bound; never blocks. */
    synchronized boolean offer(Event event) {
        long cost = cost(event);
        if (queued.size() + writing.size() >= maxEvents || bytes + cost > maxBytes) {
            return false;
        }
        queued.addLast(event);
        bytes += cost;
        notifyAll();
        return true;
    }

    /**
     * Moves up to {@code max} events to "writing" and returns them, waiting at most
     * {@code waitMillis} for the first; empty when none came.
     */
    synchronized List<Event> take(int max, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (queued.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        List<Event> batch = new ArrayList<>(Math.min(max, queued.size()));
        long cost = 0;
        while (batch.size() < max && !queued.isEmpty()) {
            Event e = queued.removeFirst();
            cost += cost(e);
            batch.add(e);
        }
        writing = List.copyOf(batch);
        writingBytes = cost;
        return writing;
    }

    /** The batch taken last is in the table now (or lost): its room is free again. */
    synchronized void committed() {
        writing = List.of();
        bytes -= writingBytes;
        writingBytes = 0;
        notifyAll();
    }

    /** Everything not yet in the table: the batch being written, then the queue. */
    synchronized List<Event> pending() {
        List<Event> all = new ArrayList<>(writing.size() + queued.size());
        all.addAll(writing);
        all.addAll(queued);
        return all;
    }

    synchronized int size() {
        return queued.size() + writing.size();
    }

    synchronized boolean isEmpty() {
        return queued.isEmpty();
    }

    /** Waits until nothing is pending, at most until {@code deadline} (System.nanoTime). */
    synchronized boolean awaitEmpty(long deadline) throws InterruptedException {
        while (size() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }
}
