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

    /** Payloads queued now (not the batch being written): where a held outbox's intro goes. */
    int size() {
        return queue.size();
    }

    /** Puts payloads at {@code at} (at most the end), before what was queued after that point. */
    void insert(int at, List<T> payloads, Format<T> format) {
        if (payloads.isEmpty()) {
            return;
        }
        if (queue.isEmpty()) {
            firstQueued = System.nanoTime();
        }
        queue.addAll(Math.min(at, queue.size()), payloads);
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
