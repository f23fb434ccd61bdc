package io.switchboard.security;

import io.switchboard.runtime.Lru;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One throttle for guessing the secret, whichever way it is tried: the login form, a bearer key
 * on the page, the API or an upgrade, and the HMAC answer of a TCP or UDP client. Five failures
 * from an address within a minute hold that address's further tries until the minute is over.
 * Bounded in memory: past 10,000 addresses the least recently seen are forgotten.
 */
public final class KeyThrottle {
    /** Failures an address may have per window. */
    public static final int FAILURES_ALLOWED = 5;
    private static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final int REMEMBERED = 10_000;

    // {count, window start} per address
    private final Map<String, long[]> failures = new Lru<>(REMEMBERED);

    /** Whether tries from {@code ip} are held now. */
    public synchronized boolean held(String ip, long nowNanos) {
        long[] entry = failures.get(ip);
        return entry != null && nowNanos - entry[1] < WINDOW_NANOS && entry[0] >= FAILURES_ALLOWED;
    }

    /** Counts a wrong key or answer from {@code ip}. */
    public synchronized void failed(String ip, long nowNanos) {
        long[] entry = failures.get(ip);
        if (entry == null || nowNanos - entry[1] >= WINDOW_NANOS) {
            failures.put(ip, new long[] {1, nowNanos});
        } else {
            entry[0]++;
        }
    }
}
