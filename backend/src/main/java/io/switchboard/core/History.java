package io.switchboard.core;

import java.time.Duration;
import java.util.List;

/**
 * Where a room's chat is kept beyond its in-memory tail: the hub records every message here
 * and reads it back when a room comes to life again. Implementations never block recording:
 * storage happens behind the hub's back, so a slow disk cannot slow delivery.
 */
public interface History {

    /**
     * Queues a chat event (message or emote) for storage; never blocks. False when the store
     * could not take it (failing, or too far behind): chat goes on, but an API post is refused.
     */
    boolean record(Event event);

    /** Up to {@code limit} chat events of {@code room} with an id below {@code before}, oldest first. */
    List<Event> recent(String room, int limit, long before);

    /** The highest message id ever stored, so ids keep growing across restarts. */
    long lastId();

    /** Events recorded but not yet stored (none, for a store that keeps them at once). */
    default int lag() {
        return 0;
    }

    /** Events that could not be stored (store failing or far behind). */
    default long dropped() {
        return 0;
    }

    /** Stores everything recorded so far, waiting at most {@code max}. */
    default void flush(Duration max) {
        // nothing is ever pending
    }

    /** Flushes (bounded) and releases the store. */
    default void close(Duration max) {
        // nothing to release
    }
}
