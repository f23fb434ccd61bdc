package io.switchboard.relay;

import io.switchboard.config.RelayTarget;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One browser WebSocket piped to one upstream socket. The browser side calls {@link #fromBrowser}
 * one message at a time and is held there while upstream is slow to take it; the upstream side is
 * read by one task that waits for each piece to reach the browser before reading the next. So per
 * session the gateway holds at most one piece each way, and the slow side pauses the fast one.
 */
public abstract class RelaySession {
    /** Close codes this relay sends (RFC 6455 and the IANA registry). */
    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int ABNORMAL = 1006;
    static final int BAD_GATEWAY = 1014;

    protected final RelayTarget target;
    protected final Mode mode;
    protected final Downstream downstream;
    private final CompletableFuture<Void> closeSent = new CompletableFuture<>();
    protected final RelayContext context;
    private final RelayCounters counters;
    private final Runnable onFinish;
    private final AtomicInteger endCode = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean expired = new AtomicBoolean();
    private final AtomicLong queuedUp = new AtomicLong();
    private final AtomicLong queuedDown = new AtomicLong();
    private volatile long lastActivity = System.nanoTime();

    RelaySession(RelayTarget target, Mode mode, Downstream downstream, RelayContext context, RelayCounters counters,
            Runnable onFinish) {
        this.target = target;
        this.mode = mode;
        this.downstream = downstream;
        this.context = context;
        this.counters = counters;
        this.onFinish = onFinish;
    }

    /** Connects upstream and starts relaying; returns at once. */
    final void start() {
        try {
            context.workers().execute(this::run);
        } catch (RejectedExecutionException e) {
            fail(GOING_AWAY, "server shutting down"); // it stopped between taking the slot and here
        }
    }

    /** Connects upstream, then reads it until the session ends; runs on its own (virtual) thread. */
    protected abstract void run();

    /** Writes one browser message upstream, blocking while upstream does not take it. */
    protected abstract void toUpstream(byte[] bytes, int off, int len);

    /** The browser's side is closed (its close frame, or its connection is gone). */
    protected abstract void afterBrowserClosed();

    /** Ends the session now with {@code code}: tells the browser and closes upstream. */
    protected abstract void fail(int code, String reason);

    /** Whether a browser message is one line that upstream needs terminated (TCP in lines mode). */
    protected abstract boolean appendsLineEnd();

    /** A binary message from the browser. A zero-length one is just empty, never an end of stream. */
    public final void fromBrowser(ByteBuffer data) {
        int length = data.remaining();
        if (data.hasArray() && !appendsLineEnd()) {
            relayUp(data.array(), data.arrayOffset() + data.position(), length);
            return;
        }
        byte[] copy = new byte[length + (appendsLineEnd() ? 1 : 0)];
        data.get(copy, 0, length);
        if (appendsLineEnd()) {
            copy[length] = '\n';
        }
        relayUp(copy, 0, copy.length);
    }

    /** A text message from the browser: sent upstream as UTF-8. */
    public final void fromBrowser(String text) {
        byte[] bytes = (appendsLineEnd() ? text + "\n" : text).getBytes(StandardCharsets.UTF_8);
        relayUp(bytes, 0, bytes.length);
    }

    /** The browser closed with {@code code} (or its connection dropped: 1006). */
    public final void browserClosed(int code) {
        ending(code);
        afterBrowserClosed();
    }

    private void relayUp(byte[] bytes, int off, int len) {
        touch();
        hold(queuedUp, len, counters.peakQueuedUp);
        try {
            toUpstream(bytes, off, len);
        } finally {
            hold(queuedUp, -len, null);
        }
    }

    /** Counts bytes written to the target. */
    protected final void sentUp(int n) {
        counters.bytesUp.addAndGet(n);
        touch();
    }

    /** Counts {@code n} more (or, negative, fewer) bytes held on the way to the browser. */
    protected final void holdDown(long n) {
        hold(queuedDown, n, counters.peakQueuedDown);
    }

    /** Counts bytes from the target that reached the browser. */
    protected final void deliveredDown(int n) {
        counters.bytesDown.addAndGet(n);
        touch();
    }

    private void hold(AtomicLong queue, long n, AtomicLong peak) {
        long now = queue.addAndGet(n);
        counters.queued.addAndGet(n);
        if (peak != null) {
            peak.accumulateAndGet(now, Math::max);
        }
    }

    /**
     * Waits until the browser side has written a frame. False if it failed (the browser is gone)
     * or took longer than the idle timeout, in which case the session is expired.
     */
    protected final boolean written(CompletableFuture<Void> sent) {
        try {
            sent.get(context.settings().idle().toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return false;
        } catch (TimeoutException e) {
            expire("the browser did not read for " + seconds(context.settings().idle().toMillis()));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * What {@code connecting} completes with (the upstream socket's side to write to), waiting for it
     * as long as connecting may take; null if it failed. Browser messages wait here meanwhile.
     */
    protected final <T> T awaitConnected(CompletableFuture<T> connecting) {
        try {
            return connecting.get(context.settings().connectTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException | TimeoutException e) {
            return null;
        }
    }

    /** Notes that something moved, for the idle timeout. */
    protected final void touch() {
        lastActivity = System.nanoTime();
    }

    /** Records how the session ended; the first cause wins. */
    protected final void ending(int code) {
        endCode.compareAndSet(0, code);
    }

    /** Closes a session where nothing has moved for the idle timeout; called by the registry. */
    final void expireIfIdle(long now, long idleNanos) {
        if (now - lastActivity > idleNanos) {
            expire("idle for " + seconds(idleNanos / 1_000_000));
        }
    }

    /** Closes the session with 1001 and {@code reason}, whatever state it is in; once. */
    final void expire(String reason) {
        if (expired.compareAndSet(false, true)) {
            ending(GOING_AWAY);
            closeDownstream(GOING_AWAY, reason);
            afterBrowserClosed();
            // A browser that stopped reading never completes the handshake: drop it after the drain.
            context.timers().schedule(downstream::abort, context.settings().drain().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The server is stopping: close both sides now. */
    final void shutdown(String reason) {
        fail(GOING_AWAY, reason);
    }

    /** Completes when the browser has been sent its close frame (or could not be). */
    final CompletableFuture<Void> closeSent() {
        return closeSent;
    }

    /** Starts the browser's closing handshake, remembering when its frame is out. */
    protected final void closeDownstream(int code, String reason) {
        downstream.close(code, reason).whenComplete((ok, error) -> closeSent.complete(null));
    }

    /** Releases the session's slot and counts how it ended; once, after upstream is closed. */
    protected final void finish() {
        if (finished.compareAndSet(false, true)) {
            int code = endCode.get();
            counters.closed(code == 0 ? ABNORMAL : code);
            onFinish.run();
        }
    }

    /** A reason for the browser: what went wrong reaching the target. */
    protected final String unreachable(Exception e) {
        String where = "upstream " + target.uri();
        String message = String.valueOf(e.getMessage());
        if (e instanceof ConnectException && message.toLowerCase().contains("refused")) {
            return where + " refused the connection";
        }
        if (e instanceof SocketTimeoutException) {
            return where + " did not answer within " + seconds(context.settings().connectTimeout().toMillis());
        }
        if (e instanceof UnknownHostException) {
            return where + ": host not found";
        }
        if (e instanceof NoRouteToHostException) {
            return where + ": no route to host";
        }
        if (e instanceof PortUnreachableException) {
            return where + " is unreachable (nothing listens on that port)";
        }
        return where + ": " + message;
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
