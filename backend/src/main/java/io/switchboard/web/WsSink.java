package io.switchboard.web;

import io.switchboard.core.Ending;
import io.switchboard.core.Sink;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * Writes a WebSocket member's output. The outbox's single drainer hands Jetty one batch at a
 * time and waits until it is written before taking the next, so what queues in front of a
 * slow browser is the bounded outbox, never Jetty's unbounded frame queue.
 *
 * <p>Frames of one batch go to Jetty's core session marked "batch" but the last, so Jetty
 * gathers them into its output buffer and writes them together; sent one by one through the
 * API, each frame was its own trip through Jetty's flusher and usually its own system call.
 */
final class WsSink implements Sink<byte[]> {
    private static final int MAX_REASON_BYTES = 120; // a close frame's reason is at most 123 bytes

    private final Session session;
    private final CoreSession core; // null if the session is not Jetty's own (then: one send per frame)
    private final boolean coalesce;

    /** With {@code coalesce}, a batch goes out as one frame (HTML fragments concatenate). */
    WsSink(Session session, boolean coalesce) {
        this.session = session;
        this.core = session instanceof WebSocketSession jetty ? jetty.getCoreSession() : null;
        this.coalesce = coalesce;
    }

    @Override
    public void write(List<byte[]> batch) throws IOException {
        if (coalesce && batch.size() > 1) {
            int length = 0;
            for (byte[] fragment : batch) {
                length += fragment.length;
            }
            ByteBuffer joined = ByteBuffer.allocate(length);
            for (byte[] fragment : batch) {
                joined.put(fragment);
            }
            await(send(joined.array(), false));
            return;
        }
        // Every frame is handed over at once and only the last awaited: Jetty completes them in
        // order, and the batch is bounded by the outbox, so Jetty's own queue stays bounded too.
        CompletableFuture<Void> last = null;
        for (int i = 0; i < batch.size(); i++) {
            last = send(batch.get(i), i < batch.size() - 1);
        }
        await(last);
    }

    private CompletableFuture<Void> send(byte[] utf8, boolean more) {
        CompletableFuture<Void> sent = new CompletableFuture<>();
        if (core != null) {
            core.sendFrame(new Frame(OpCode.TEXT, ByteBuffer.wrap(utf8)),
                    org.eclipse.jetty.util.Callback.from(() -> sent.complete(null), sent::completeExceptionally), more);
        } else {
            session.sendText(new String(utf8, StandardCharsets.UTF_8),
                    Callback.from(() -> sent.complete(null), sent::completeExceptionally));
        }
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
