package io.switchboard.relay;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * The browser side of a relay session, as the relay sees it. Nothing here blocks: a send reports
 * through its {@link Written} when the frame is out (the relay counts what is unsent and pauses
 * reading upstream past its window), and the browser's next message is read only on {@link #demand}.
 */
public interface Downstream {
    /** Told once when a send is done: {@code ok} false if it failed (the browser is gone). */
    @FunctionalInterface
    interface Written {
        void written(boolean ok);
    }

    /** Sends one binary message; {@code bytes} must stay untouched until {@code done} is told. */
    void sendBinary(ByteBuffer bytes, Written done);

    /** Sends one text message. */
    void sendText(String text, Written done);

    /** Starts the closing handshake with a status code and a reason the browser can show; completes once it is sent. */
    CompletableFuture<Void> close(int code, String reason);

    /** Drops the connection without a handshake, for a browser that no longer reads. */
    void abort();

    /** Asks for the browser's next message (or control frame); without it, nothing more is read from the browser. */
    void demand();

    /** Sends a ping, so that NATs and proxies keep a quiet session. */
    void ping();
}
