package io.switchboard.runtime;

import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the outbox drainers of one event loop's members together, a short delay after the first
 * of them is due. A chat line to a room is one write per member whatever its size, and at a few
 * lines a second per room every line would be its own system call; waiting a few milliseconds
 * lets the lines that arrive meanwhile share it. The delay bounds what a line waits: a drainer
 * that is due runs at the next tick, never later.
 */
public final class WriteDelay implements Executor {
    private static final Logger log = LoggerFactory.getLogger(WriteDelay.class);
    private final EventLoop loop;
    private final long nanos;
    private final Runnable tick = this::tick;
    // Touched on the loop only.
    private ArrayList<Runnable> due = new ArrayList<>();
    private ArrayList<Runnable> running = new ArrayList<>();
    private boolean scheduled;

    /** Drainers given to this executor run on {@code loop}, at most {@code nanos} after they are due. */
    WriteDelay(EventLoop loop, long nanos) {
        this.loop = loop;
        this.nanos = nanos;
    }

    @Override
    public void execute(Runnable drainer) {
        if (loop.inEventLoop()) {
            add(drainer);
        } else {
            loop.execute(() -> add(drainer));
        }
    }

    private void add(Runnable drainer) {
        due.add(drainer);
        if (!scheduled) {
            scheduled = true;
            loop.schedule(tick, nanos, TimeUnit.NANOSECONDS);
        }
    }

    private void tick() {
        scheduled = false;
        ArrayList<Runnable> now = due;
        due = running; // what the drainers make due while they run waits for the next tick
        running = now;
        for (int i = 0; i < now.size(); i++) {
            try {
                now.get(i).run();
            } catch (RuntimeException e) {
                log.error("a drainer failed", e); // a bug: the others still run
            }
        }
        now.clear();
    }
}
