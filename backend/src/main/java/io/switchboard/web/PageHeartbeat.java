package io.switchboard.web;

import io.switchboard.runtime.Threads;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * Finds pages whose connection died without a close (a laptop lid, a lost Wi-Fi): every period
 * each page gets a heartbeat frame ({@code <!--heartbeat 15000-->}, the period in ms), which its
 * script answers at once; one silent for three periods is given up, so its nick is free again
 * within a minute instead of when TCP notices. The page, for its part, takes four periods
 * without a frame as a dead connection and reconnects.
 *
 * <p>WebSocket pings would not do: Jetty answers nothing to the application when the pong comes,
 * and a ping sent into a dead connection counts as activity, keeping the idle timeout away. An
 * answer from the page's own script is what proves the page is there; it arrives even from a
 * background tab, whose timers the browser throttles but whose incoming messages it does not.
 */
final class PageHeartbeat implements AutoCloseable {
    /** How every heartbeat frame starts; an HTML comment, so swapping it in would change nothing anyway. */
    static final String FRAME = "<!--heartbeat";
    /** Read at start: tests shorten the period to see a silent page given up in seconds. */
    static final String PERIOD_PROPERTY = "switchboard.page-heartbeat-ms";

    private final Duration period;
    // Carries the period, so the page knows how long a silence means the connection is dead.
    private final String frame;
    private final Map<String, Watched> pages = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Threads.timer("page-heartbeat");

    private record Watched(Session session, Runnable silent, AtomicLong heard) { }

    PageHeartbeat(Duration period) {
        this.period = period;
        this.frame = FRAME + " " + period.toMillis() + "-->";
    }

    /** The period from {@link #PERIOD_PROPERTY}, else 15 s. */
    static PageHeartbeat fromSystemProperty() {
        return new PageHeartbeat(Duration.ofMillis(Long.getLong(PERIOD_PROPERTY, 15_000)));
    }

    void start() {
        timer.scheduleAtFixedRate(this::beat, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Watches a page's session; {@code silent} runs once if it stops answering. */
    void watch(String id, Session session, Runnable silent) {
        pages.put(id, new Watched(session, silent, new AtomicLong(System.nanoTime())));
        // The first frame at once: until a page knows the period it cannot tell a dead connection
        // from a quiet one, and a drop within the first period would go unnoticed for a minute.
        session.sendText(frame, Callback.NOOP);
    }

    /** Anything from the page proves it is there. */
    void heard(String id) {
        Watched page = pages.get(id);
        if (page != null) {
            page.heard().set(System.nanoTime());
        }
    }

    void forget(String id) {
        pages.remove(id);
    }

    private void beat() {
        long deadline = System.nanoTime() - 3 * period.toNanos();
        pages.forEach((id, page) -> {
            if (page.heard().get() - deadline < 0) {
                if (pages.remove(id, page)) {
                    page.silent().run();
                }
            } else if (page.session().isOpen()) {
                // Jetty queues frames from any thread in order, as it does for its own pings.
                page.session().sendText(frame, Callback.NOOP);
            }
        });
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
