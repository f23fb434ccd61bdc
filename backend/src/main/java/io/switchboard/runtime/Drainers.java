package io.switchboard.runtime;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Where the outboxes of members on an event loop drain: the loop itself, or, with a write delay
 * ({@code --write-delay}), one {@link WriteDelay} per loop shared by all its members, so that
 * what they are due is written together.
 */
public final class Drainers {
    private final long delay; // nanoseconds
    private final Map<EventLoop, Executor> perLoop = new ConcurrentHashMap<>();

    public Drainers(Duration delay) {
        this.delay = delay.toNanos();
    }

    /** The executor for the outboxes of members whose writes happen on {@code loop}. */
    public Executor on(EventLoop loop) {
        return delay == 0 ? loop : perLoop.computeIfAbsent(loop, l -> new WriteDelay(l, delay));
    }
}
