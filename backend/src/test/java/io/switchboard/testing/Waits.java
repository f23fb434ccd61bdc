package io.switchboard.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Polling with a deadline, instead of sleeping and hoping. */
public final class Waits {
    public static final Duration DEFAULT = Duration.ofSeconds(10);

    private Waits() {
    }

    /** Takes items until one matches; fails with everything seen if none does in time. */
    public static <T> T next(BlockingQueue<T> queue, List<T> seen, Predicate<T> wanted, Duration timeout,
            String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (;;) {
                long left = deadline - System.nanoTime();
                T item = left <= 0 ? null : queue.poll(left, TimeUnit.NANOSECONDS);
                if (item == null) {
                    throw new AssertionError("timed out waiting for " + what + "; last seen: " + tail(seen));
                }
                seen.add(item);
                if (wanted.test(item)) {
                    return item;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what);
        }
    }

    /** Waits until the condition holds. */
    public static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + DEFAULT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(5_000_000); // the poll interval, not a guess at how long anything takes
        }
    }

    /** The last few items, each cut short, so a failure message stays readable. */
    private static <T> List<String> tail(List<T> seen) {
        List<String> out = new ArrayList<>();
        for (T item : seen.subList(Math.max(0, seen.size() - 15), seen.size())) {
            String text = String.valueOf(item);
            out.add(text.length() > 160 ? text.substring(0, 160) + "..." : text);
        }
        return out;
    }

    static <T> List<T> list() {
        return new ArrayList<>();
    }
}
