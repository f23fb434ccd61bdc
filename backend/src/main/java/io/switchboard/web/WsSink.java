package io.switchboard.web;

import io.switchboard.core.Ending;
import io.switchboard.core.Outbox;
import io.switchboard.core.Sink;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;

/**
 * Writes a WebSocket member's output without holding a thread. The outbox's drainer hands Jetty
 * one batch and returns; the sink says not {@link #ready} until Jetty has written the batch, and
 * its completion resumes the outbox. So what queues in front of a slow browser is the bounded
 * outbox (plus the one batch Jetty holds), never Jetty's unbounded frame queue, and no thread
 * waits on a browser: on Java 17 a parked writer per busy member cost a platform thread each.
 *
 * <p>Frames of one batch go to Jetty's core session marked "batch" but the last, so Jetty
 * gathers them into its output buffer and writes them together; sent one by one through the
 * API, each frame was its own trip through Jetty's flusher and usually its own system call.
 */
final class WsSink implements Sink<byte[]> {
    private static final int MAX_REASON_BYTES = 120; // a close frame's reason is at most 123 bytes
    private static final Runnable NOTHING = () -> { }; // a batch's frames but the last: the last one reports

    private final Session session;
    private final CoreSession core; // null if the session is not Jetty's own (then: one send per frame)
    private final boolean coalesce;
    private final AtomicInteger unwritten = new AtomicInteger(); // batches handed to Jetty, not yet written
    private volatile Outbox<byte[]> outbox;

    /** With {@code coalesce}, a batch goes out as one frame (HTML fragments concatenate). */
    WsSink(Session session, boolean coalesce) {
        this.session = session;
        this.core = session instanceof WebSocketSession jetty ? jetty.getCoreSession() : null;
        this.coalesce = coalesce;
    }

    /** The outbox this sink writes for: resumed when a batch is written, told when a write fails. */
    void feeds(Outbox<byte[]> writer) {
        this.outbox = writer;
    }

    @Override
    public void write(List<byte[]> batch) {
        unwritten.incrementAndGet();
        if (coalesce && batch.size() > 1) {
            int length = 0;
            for (byte[] fragment : batch) {
                length += fragment.length;
            }
            ByteBuffer joined = ByteBuffer.allocate(length);
            for (byte[] fragment : batch) {
                joined.put(fragment);
            }
            send(joined.flip(), false, this::written);
            return;
        }
        // Every frame is handed over at once and only the last reports: Jetty completes them in
        // order, and a failure of an earlier one fails the later ones too.
        int last = batch.size() - 1;
        for (int i = 0; i < last; i++) {
            send(ByteBuffer.wrap(batch.get(i)), true, NOTHING);
        }
        send(ByteBuffer.wrap(batch.get(last)), false, this::written);
    }

    @Override
    public boolean ready() {
        return unwritten.get() == 0;
    }

    private void written() {
        if (unwritten.decrementAndGet() == 0) {
            outbox.resume();
        }
    }

    private void failed(Throwable cause) {
        Outbox<byte[]> o = outbox;
        if (o != null) {
            o.lost(); // the browser is gone: the member leaves as if the drainer's write had thrown
        }
    }

    private void send(ByteBuffer utf8, boolean more, Runnable done) {
        if (core != null) {
            core.sendFrame(new Frame(OpCode.TEXT, utf8), org.eclipse.jetty.util.Callback.from(done, this::failed), more);
        } else {
            session.sendText(StandardCharsets.UTF_8.decode(utf8).toString(), Callback.from(done, this::failed));
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
