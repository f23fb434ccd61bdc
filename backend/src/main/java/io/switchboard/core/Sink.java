package io.switchboard.core;

import java.io.IOException;
import java.util.List;

/**
 * The adapter's side of an {@link Outbox}: where a member's payloads are written. Only the
 * outbox's single drainer calls it, so implementations need no locking of their own.
 *
 * @param <T> payload type, as produced by the member's {@link Format}
 */
public interface Sink<T> {

    /**
     * Writes everything pending in as few writes as the transport allows. A non-blocking sink
     * only hands the batch over, says not {@link #ready} until it is written, and reports a
     * failure that comes later through {@link Outbox#lost()}.
     */
    void write(List<T> batch) throws IOException;

    /**
     * Whether the transport takes more now. A non-blocking transport says no while its own
     * buffer is full; the outbox then keeps the rest (and counts it against its limits) until
     * the sink calls {@link Outbox#resume()}.
     */
    default boolean ready() {
        return true;
    }

    /** Ends the connection after the last write, saying why in the transport's own terms. */
    void close(Ending ending, String reason);

    /** Tears the connection down at once, from any thread, unblocking a stuck {@link #write}. */
    void abort();
}
