package io.switchboard.security;

import java.time.Duration;

/**
 * One HMAC challenge, as the seeds' client verification does it but over a text line: the
 * server sends {@code -!- auth-challenge <hex of 32 random bytes>}, the client answers
 * {@code /auth <hex HMAC-SHA256(key = secret, message = those 32 bytes)>} before the deadline.
 * A challenge is answered once: right or wrong, it is spent.
 */
public final class Challenge {
    /** Bytes of randomness per challenge. */
    public static final int NONCE_BYTES = 32;

    // Callers enforce the deadline in milliseconds, so less than one left counts as none.
    private static final long MILLISECOND = 1_000_000;

    /** What answering said. */
    public enum Outcome { ADMITTED, WRONG, LATE, SPENT }

    private final Hmac hmac;
    private final byte[] nonce = Hmac.nonce(NONCE_BYTES);
    private final long deadline;
    private final Refusals refusals;
    private boolean spent;
    private boolean expired; // counted once as a timeout

    public Challenge(Hmac hmac, Duration timeout, long nowNanos) {
        this(hmac, timeout, nowNanos, new Refusals());
    }

    /** A challenge that counts its failures (wrong, late, never answered) in {@code refusals}. */
    public Challenge(Hmac hmac, Duration timeout, long nowNanos, Refusals refusals) {
        this.hmac = hmac;
        this.deadline = nowNanos + timeout.toNanos();
        this.refusals = refusals;
    }

    /** The line that asks for the answer. */
    public String line() {
        return "auth-challenge " + Hmac.hex(nonce);
    }

    /**
     * Nanoseconds left to answer (may be negative). The adapters ask this to enforce the deadline,
     * so the first time it has run out unanswered is where a timeout is counted.
     */
    public synchronized long remaining(long nowNanos) {
        long left = deadline - nowNanos;
        if (left < MILLISECOND) {
            expire();
        }
        return left;
    }

    /**
     * The adapter gave up waiting (its deadline timer fired): counts this unanswered challenge as
     * timed out, once. An adapter that polls {@link #remaining} instead need not call it.
     */
    public synchronized void expire() {
        if (!spent && !expired) {
            expired = true;
            refusals.failed(Refusals.AuthFailure.HMAC_TIMEOUT);
        }
    }

    /** Checks an answer (the text after "/auth "); the challenge is spent whatever it says. */
    public synchronized Outcome answer(String hex, long nowNanos) {
        if (spent) {
            return Outcome.SPENT;
        }
        spent = true;
        if (nowNanos > deadline - MILLISECOND) {
            if (!expired) {
                refusals.failed(Refusals.AuthFailure.HMAC_LATE);
            }
            return Outcome.LATE;
        }
        if (hmac.verify(nonce, hex)) {
            return Outcome.ADMITTED;
        }
        refusals.failed(Refusals.AuthFailure.HMAC_WRONG);
        return Outcome.WRONG;
    }

    /** The text a client must send to answer this challenge, given the secret: for tests and the client. */
    public static String answerFor(String secret, String challengeHex) {
        return Hmac.hex(new Hmac(secret).sign(java.util.HexFormat.of().parseHex(challengeHex)));
    }

    /** What to tell a client that must answer first. */
    public static String howTo() {
        return "authenticate first: answer with /auth <hex HMAC-SHA256 of the challenge's 32 bytes, keyed"
                + " with the secret>";
    }
}
