package io.switchboard.testing;

import io.switchboard.core.Ending;
import io.switchboard.core.Sink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/** A member's connection for core tests: records every batch; can be made to block like a full socket. */
public class RecordingSink<T> implements Sink<T> {
    public final LinkedBlockingQueue<String> items = new LinkedBlockingQueue<>();
    public final List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
    public final CompletableFuture<String> closed = new CompletableFuture<>();
    public final CompletableFuture<Void> aborted = new CompletableFuture<>();
    private final List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> all = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Released each time a write begins (before it blocks, if blocked). */
    public final java.util.concurrent.Semaphore entered = new java.util.concurrent.Semaphore(0);
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile Ending ending;

    /** Makes writes block until {@link #unblock} or {@link #abort}: a peer that stopped reading. */
    public void block() {
        gate = new CountDownLatch(1);
    }

    public void unblock() {
        gate.countDown();
    }

    public Ending ending() {
        return ending;
    }

    @Override
    public void write(List<T> batch) throws IOException {
        entered.release();
        try {
            gate.await();
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
        if (aborted.isDone()) {
            throw new IOException("aborted");
        }
        batchSizes.add(batch.size());
        for (T item : batch) {
            String text = item instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(item);
            for (String line : text.split("\r?\n")) {
                all.add(line);
                items.add(line);
            }
        }
    }

    @Override
    public void close(Ending ending, String reason) {
        this.ending = ending;
        closed.complete(reason == null ? "" : reason);
    }

    @Override
    public void abort() {
        aborted.complete(null);
        gate.countDown();
    }

    /** The next recorded line that contains {@code part}. */
    public String awaitContaining(String part) {
        return Waits.next(items, seen, line -> line.contains(part), Waits.DEFAULT, "\"" + part + "\"");
    }

    /** Every line written so far, whether or not a wait consumed it. */
    public List<String> seen() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }
}
