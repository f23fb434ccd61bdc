package io.switchboard.web;

import io.switchboard.core.RateLimit;
import io.switchboard.runtime.Lru;
import java.util.Map;

/**
 * Posts through the API obey the same rate as members' messages, per client address, so a script
 * cannot flood a room from outside it. Bounded: the least recently seen addresses are forgotten.
 */
final class PostBudgets {
    private static final int REMEMBERED = 10_000;

    private final int perSecond;
    private final Map<String, RateLimit> budgets = new Lru<>(REMEMBERED);

    PostBudgets(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Whether one more post from {@code address} is within its budget (and takes it if so). */
    synchronized boolean allow(String address, long nowNanos) {
        return budgets.computeIfAbsent(address, a -> new RateLimit(perSecond, perSecond * 2, nowNanos))
                .tryAcquire(nowNanos);
    }

    int perSecond() {
        return perSecond;
    }
}
