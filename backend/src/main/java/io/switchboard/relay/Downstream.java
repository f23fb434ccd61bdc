package io.switchboard.relay;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The browser side of a relay session, as the relay sees it. Sends complete their future when the
 * frame is written (or fail when it cannot be); the relay waits for that before reading more, so
 * nothing queues in front of a slow browser but the piece being written.
 */
public interface Downstream {
    /** Sends one binary message; {@code bytes} must stay untouched until the future completes. */
    CompletableFuture<Void> sendBinary(ByteBuffer bytes);

    /** Sends one text message. */
    CompletableFuture<Void> sendText(String text);

    /** Starts the closing handshake with a status code and a reason the browser can show; completes once it is sent. */
    CompletableFuture<Void> close(int code, String reason);

    /** Drops the connection without a handshake, for a browser that no longer reads. */
    void abort();
}
