package io.switchboard.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What waits for one member's drainer: the payloads and what they count against the outbox's
 * limits. Counts include the batch being written until it is released. Not thread-safe: the
 * outbox's lock is held for every call.
 */
final class Backlog<T> {
    private ArrayList<T> queue = new ArrayList<>();
    private int events;
    private long bytes;
    private long firstQueued; // System.nanoTime() when the queue last went from empty to not
    private boolean held; // an intro is being built: it goes in at "mark", before what comes after
    private int mark;

    boolean fits(int size, int maxEvents, long maxBytes) {
        return events < maxEvents && bytes + size <= maxBytes;
    }

    void add(T payload, int size) {
        if (queue.isEmpty()) {
            firstQueued = System.nanoTime(); // one clock read per batch, not per payload
        }
        queue.add(payload);
        events++;
        bytes += size;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Payloads queued or being written. */
    int events() {
        return events;
    }

    /** When the payloads now queued began to wait. */
    long firstQueued() {
        return firstQueued;
    }

    /** From now on, what is added waits behind the payloads {@link #putFirst} will put here. */
    void hold() {
        held = true;
        mark = queue.size();
    }

    /** True while held: the drainer must not take the queue yet. */
    boolean held() {
        return held;
    }

    /** Puts payloads where {@link #hold} was (at most the end), before what came since, and lets go. */
    void putFirst(List<T> payloads, Format<T> format) {
        held = false;
        if (payloads.isEmpty()) {
            return;
        }
        if (queue.isEmpty()) {
            firstQueued = System.nanoTime();
        }
        queue.addAll(Math.min(mark, queue.size()), payloads);
        for (T p : payloads) {
            events++;
            bytes += format.size(p);
        }
    }

    /** Drops what is queued (not the batch being written), uncounting it. */
    void discard(Format<T> format) {
        for (T dropped : queue) {
            events--;
            bytes -= format.size(dropped);
        }
        queue.clear();
    }

    /** Forgets everything: the outbox is closed. */
    void clear() {
        queue.clear();
        events = 0;
        bytes = 0;
    }

    /** Hands the queue to the drainer, which gives its emptied list back: no copy, no allocation. */
    ArrayList<T> take(ArrayList<T> empty) {
        ArrayList<T> full = queue;
        queue = empty;
        return full;
    }

    /** A batch was written (or given up): it no longer counts. */
    void release(int written, long writtenBytes) {
        events -= written;
        bytes -= writtenBytes;
    }
}
