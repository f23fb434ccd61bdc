package io.switchboard.relay;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.SingleThreadEventLoop;
import io.switchboard.config.RelayTarget;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One browser WebSocket piped to one upstream channel on an event loop. Neither side blocks a
 * thread: a browser message is handed to the channel and the next one is asked for (Jetty's
 * demand) only while what upstream has not taken yet fits in {@link RelayContext#upWindowBytes};
 * upstream is read (auto-read) only while what the browser has not been sent fits in the
 * session's window. So per session the gateway holds a bounded number of bytes each way, and the
 * slow side pauses the fast one. Upstream state is touched only on the session's loop.
 */
public abstract class RelaySession {
    /** Close codes this relay sends (RFC 6455 and the IANA registry). */
    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int ABNORMAL = 1006;
    static final int BAD_GATEWAY = 1014;
    private static final ByteBuf LF = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(new byte[] {'\n'}));
    private static final long PING_SECONDS = 30;

    protected final RelayTarget target;
    protected final Mode mode;
    protected final Downstream downstream;
    protected final RelayContext context;
    /** The loop that runs this session's upstream channel and every change to its state. */
    protected final EventLoop loop;
    private final CompletableFuture<Void> closeSent = new CompletableFuture<>();
    private final RelayCounters counters;
    private final Runnable onFinish;
    private final AtomicInteger endCode = new AtomicInteger();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final AtomicBoolean expired = new AtomicBoolean();
    private final AtomicLong queuedUp = new AtomicLong();
    private final AtomicLong queuedDown = new AtomicLong();
    private final AtomicBoolean demandOwed = new AtomicBoolean(); // the browser waits for upstream to take bytes
    private volatile ScheduledFuture<?> pings;
    private boolean flushDue; // on the loop only
    private volatile long lastActivity = System.nanoTime();

    RelaySession(RelayTarget target, Mode mode, Downstream downstream, RelayContext context, RelayCounters counters,
            Runnable onFinish) {
        this.target = target;
        this.mode = mode;
        this.downstream = downstream;
        this.context = context;
        this.counters = counters;
        this.onFinish = onFinish;
        this.loop = context.loops().group().next();
    }

    /** Starts connecting upstream; returns at once. The browser's first message is asked for once connected. */
    final void start() {
        try {
            pings = context.timers().scheduleAtFixedRate(downstream::ping, PING_SECONDS, PING_SECONDS, TimeUnit.SECONDS);
            connect();
        } catch (RejectedExecutionException e) {
            fail(GOING_AWAY, "server shutting down"); // it stopped between taking the slot and here
        }
    }

    /** Starts connecting the upstream channel; on success the subclass calls {@link #connected()}. */
    protected abstract void connect();

    /** Writes one browser message upstream (any thread); tells {@code done} once the socket has it, or failed. */
    protected abstract void toUpstream(ByteBuf bytes, Downstream.Written done);

    /** The browser's side is closed (its close frame, or its connection is gone). Any thread. */
    protected abstract void afterBrowserClosed();

    /** Ends the session now with {@code code}: tells the browser and closes upstream. Any thread. */
    protected abstract void fail(int code, String reason);

    /** Whether a browser message is one line that upstream needs terminated (TCP in lines mode). */
    protected abstract boolean appendsLineEnd();

    /**
     * A binary message from the browser, relayed without a copy: {@code bytes} is wrapped for the
     * channel and {@code release} runs once the socket has taken them (Jetty may reuse the buffer then).
     * A zero-length message is just empty, never an end of stream.
     */
    public final void fromBrowser(ByteBuffer data, Runnable release) {
        ByteBuf bytes = Unpooled.wrappedBuffer(data);
        relayUp(appendsLineEnd() ? Unpooled.wrappedBuffer(bytes, LF.duplicate()) : bytes, release);
    }

    /** A text message from the browser: sent upstream as UTF-8, encoded once into a pooled buffer. */
    public final void fromBrowser(String text) {
        ByteBuf bytes = PooledByteBufAllocator.DEFAULT.directBuffer(ByteBufUtil.utf8MaxBytes(text) + 1);
        ByteBufUtil.writeUtf8(bytes, text);
        if (appendsLineEnd()) {
            bytes.writeByte('\n');
        }
        relayUp(bytes, () -> { });
    }

    /** The browser closed with {@code code} (or its connection dropped: 1006). */
    public final void browserClosed(int code) {
        ending(code);
        afterBrowserClosed();
    }

    private void relayUp(ByteBuf bytes, Runnable release) {
        touch();
        int n = bytes.readableBytes();
        long held = hold(queuedUp, n, counters.peakQueuedUp);
        toUpstream(bytes, ok -> {
            if (ok) {
                sentUp(n);
            }
            release.run();
            long left = hold(queuedUp, -n, null);
            if (ok && left < context.upWindowBytes() && demandOwed.compareAndSet(true, false)) {
                downstream.demand();
            }
        });
        if (held < context.upWindowBytes()) {
            downstream.demand();
        } else {
            demandOwed.set(true);
            // upstream may have taken everything between the count above and the flag
            if (queuedUp.get() < context.upWindowBytes() && demandOwed.compareAndSet(true, false)) {
                downstream.demand();
            }
        }
    }

    /** The upstream channel is up: the browser's messages may come. */
    protected final void connected() {
        touch();
        downstream.demand();
    }

    /** Runs {@code task} on the session's loop (now, if already there; inline if the loops are gone). */
    protected final void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // the loops are shut down, and with them every channel: only bookkeeping is left
        }
    }

    /**
     * Flushes {@code channel} once at the end of this loop turn: every browser message handed over in
     * the same turn (Jetty often parses several from one read) goes out in one write (or sendmmsg).
     * On the loop.
     */
    protected final void flushAtEndOfTurn(Channel channel) {
        if (flushDue) {
            return;
        }
        flushDue = true;
        Runnable flush = () -> {
            flushDue = false;
            channel.flush();
        };
        if (loop instanceof SingleThreadEventLoop turns) {
            turns.executeAfterEventLoopIteration(flush);
        } else {
            loop.execute(flush);
        }
    }

    /** Counts bytes written to the target. */
    protected final void sentUp(int n) {
        counters.bytesUp.add(n);
        touch();
    }

    /** Counts {@code n} more (or, negative, fewer) bytes held on the way to the browser. */
    protected final void holdDown(long n) {
        hold(queuedDown, n, counters.peakQueuedDown);
    }

    /** Counts bytes from the target that reached the browser. */
    protected final void deliveredDown(int n) {
        counters.bytesDown.add(n);
        touch();
    }

    private long hold(AtomicLong queue, long n, AtomicLong peak) {
        long now = queue.addAndGet(n);
        counters.queued.add(n);
        if (peak != null && now > peak.get()) { // read first: the peak is shared, and seldom grows
            peak.accumulateAndGet(now, Math::max);
        }
        return now;
    }

    /** Notes that something moved, for the idle timeout. */
    protected final void touch() {
        lastActivity = System.nanoTime();
    }

    /** Records how the session ended; the first cause wins. */
    protected final void ending(int code) {
        endCode.compareAndSet(0, code);
    }

    /**
     * Closes a session where nothing has moved for the idle timeout; called by the registry. A
     * browser that stopped reading moves nothing either, so this also ends one that holds upstream up.
     */
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
            ScheduledFuture<?> p = pings;
            if (p != null) {
                p.cancel(false);
            }
            int code = endCode.get();
            counters.closed(code == 0 ? ABNORMAL : code);
            onFinish.run();
        }
    }

    /** A reason for the browser: what went wrong reaching the target. */
    protected final String unreachable(Throwable e) {
        return Unreachable.reason(target, e, context.settings().connectTimeout());
    }

    static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
