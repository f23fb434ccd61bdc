package io.switchboard.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An outbox drainer's end: it takes everything queued in one swap (no copy), hands it to the sink
 * in slices of at most {@value #MAX_SLICE} (a slow member's backlog can be long), counts what was
 * delivered and how long it waited, and keeps the emptied list for the next swap. Used by one
 * drainer at a time.
 */
final class BatchWriter<T> {
    private static final int MAX_SLICE = 1024;

    /** Gives a written (or lost) batch back to the outbox's counts, under its lock. */
    interface Released {
        void release(int payloads, long bytes);
    }

    private final Sink<T> sink;
    private ArrayList<T> batch = new ArrayList<>();
    private long queuedAt; // when the batch's first payload was queued

    BatchWriter(Sink<T> sink) {
        this.sink = sink;
    }

    /** Takes everything the backlog holds (the outbox's lock held), leaving this writer's empty list there. */
    void take(Backlog<T> backlog) {
        queuedAt = backlog.firstQueued();
        batch = backlog.take(batch);
    }

    /** Drops the batch unwritten: the outbox closed. */
    void discard() {
        batch.clear();
    }

    /** Writes the batch; written or not (the sink threw), it is released from the counts. */
    void write(Format<T> format, Stats stats, Released released) throws IOException {
        int size = batch.size();
        int written = 0;
        try {
            for (int from = 0; from < size; from += MAX_SLICE) {
                List<T> slice = size <= MAX_SLICE ? batch : batch.subList(from, Math.min(size, from + MAX_SLICE));
                sink.write(slice);
                written += slice.size();
            }
        } finally {
            long bytes = 0;
            long writtenBytes = 0;
            for (int i = 0; i < size; i++) {
                bytes += format.size(batch.get(i));
                if (i + 1 == written) {
                    writtenBytes = bytes;
                }
            }
            released.release(size, bytes);
            if (stats != null && written > 0) {
                stats.delivered(written, writtenBytes);
                stats.waited(System.nanoTime() - queuedAt);
            }
            // A burst leaves a big array behind; give it back rather than keep it for every member.
            batch = size > 256 ? new ArrayList<>() : batch;
            batch.clear();
        }
    }
}
