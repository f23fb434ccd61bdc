package io.switchboard.core;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}. Callers pass the
 * time in, so the bucket is exact and needs no clock of its own. Not thread-safe: each bucket
 * belongs to one member or one address and is used under its owner's discipline.
 */
public final class RateLimit {
    private final double perNano;
    private final double burst;
    private double tokens;
    private long last;

    public RateLimit(double perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes one token if there is one. */
    public boolean tryAcquire(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * perNano);
            last = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
