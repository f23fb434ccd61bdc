package io.switchboard.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * One piece of work on its own daemon thread while the caller does something else (the start-up's second
 * core), and the caller's way to wait for it: {@link #join} gives its result or throws what it threw.
 */
public final class Background<T> {
    private final FutureTask<T> task;

    private Background(Callable<T> work) {
        task = new FutureTask<>(work);
    }

    /** Starts {@code work} on a new daemon thread named {@code name}. */
    public static <T> Background<T> start(String name, Callable<T> work) {
        Background<T> background = new Background<>(work);
        Threads.daemon(name, background.task);
        return background;
    }

    /**
     * Waits for the work and returns its result. What it threw is thrown here: a runtime exception or an error
     * as it was, a checked exception inside an {@link IllegalStateException} (its message and causes kept).
     */
    public T join() {
        try {
            return task.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the start-up's other thread", e);
        }
    }
}
