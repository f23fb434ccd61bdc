package io.switchboard.web;

import io.switchboard.core.Ending;
import io.switchboard.core.Sink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Writes a WebSocket member's output. The outbox's single drainer hands Jetty one batch at a
 * time and waits until it is written before taking the next, so what queues in front of a
 * slow browser is the bounded outbox, never Jetty's unbounded frame queue.
 */
final class WsSink implements Sink<String> {
    private static final int MAX_REASON_BYTES = 120; // a close frame's reason is at most 123 bytes

    private final Session session;
    private final boolean coalesce;

    /** With {@code coalesce}, a batch goes out as one frame (HTML fragments concatenate). */
    WsSink(Session session, boolean coalesce) {
        this.session = session;
        this.coalesce = coalesce;
    }

    @Override
    public void write(List<String> batch) throws IOException {
        if (coalesce) {
            await(send(batch.size() == 1 ? batch.get(0) : String.join("", batch)));
            return;
        }
        // Jetty queues frames behind the one being written and completes their callbacks in
        // order, so the whole batch can be handed over and only the last send awaited. The
        // batch is bounded by the outbox, so Jetty's own queue stays bounded too.
        CompletableFuture<Void> last = null;
        for (String frame : batch) {
            last = send(frame);
        }
        await(last);
    }

    private CompletableFuture<Void> send(String text) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        session.sendText(text, Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        return sent;
    }

    private static void await(CompletableFuture<Void> sent) throws IOException {
        try {
            sent.get();
        } catch (ExecutionException e) {
            throw new IOException("websocket send failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while sending");
        }
    }

    @Override
    public void close(Ending ending, String reason) {
        int code = switch (ending) {
            case NORMAL -> 1000;
            case DROPPED -> 1008;
            case SHUTDOWN -> 1001;
        };
        session.close(code, reason == null ? null : truncate(reason), Callback.NOOP);
    }

    @Override
    public void abort() {
        session.disconnect();
    }

    /** A close reason cut to what a close frame can carry, never inside a character. */
    static String truncate(String reason) {
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        int end = MAX_REASON_BYTES;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--; // never cut a character in half
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
