package io.switchboard.security;

import io.switchboard.config.Durations;
import java.time.Duration;

/**
 * The HMAC handshake of one raw-socket client, the same for a TCP connection and a UDP address:
 * it is sent a challenge, and each line it sends is a step: told how to answer, admitted, or
 * refused. The adapter says what a step says (through its format) and acts on its verdict; a
 * refused TCP client is closed, a refused UDP address starts over with its next datagram. Wrong
 * answers count toward the key's one throttle ({@link KeyThrottle}), whichever way they came.
 */
public final class Handshake {
    /**
     * What follows a step: keep waiting for an answer; admitted; refused (the challenge is
     * spent); or held, because the address is throttled (the challenge stays, nothing was tried).
     */
    public enum Verdict { WAIT, ADMIT, REFUSE, HELD }

    /**
     * One step: its verdict and what to tell the client ({@code text} null: nothing), as an error
     * or as a notice.
     */
    public record Step(Verdict verdict, boolean error, String text) {
    }

    private final Guard guard;
    private final String ip;
    private final Duration timeout;
    private final boolean startsOver;
    private Challenge challenge;

    /**
     * A handshake with a client at {@code ip}; {@code startsOver} when a refused client may try
     * again at once (datagrams: its next one gets a new challenge), else it is closed.
     */
    public Handshake(Guard guard, String ip, Duration timeout, boolean startsOver, long nowNanos) {
        this.guard = guard;
        this.ip = ip;
        this.timeout = timeout;
        this.startsOver = startsOver;
        this.challenge = guard.challenge(nowNanos);
    }

    /** The challenge, as the notice that opens the handshake. */
    public String challengeLine() {
        return challenge.line();
    }

    /** Nanoseconds left to answer (negative once past); counts a timeout the first time it has run out. */
    public long remaining(long nowNanos) {
        return challenge.remaining(nowNanos);
    }

    /** True while the challenge may still be answered. */
    public boolean open() {
        return challenge != null;
    }

    /** One line from the client, before it is admitted. */
    public Step line(String text, long nowNanos) {
        String line = text.strip();
        if (!line.equals("/auth") && !line.startsWith("/auth ")) {
            if (challenge.remaining(nowNanos) < 0) {
                return late();
            }
            return new Step(Verdict.WAIT, true, Challenge.howTo());
        }
        if (guard.throttle().held(ip, nowNanos)) {
            return new Step(Verdict.HELD, true, "too many wrong keys or answers from " + ip
                    + "; wait a minute and try again");
        }
        Challenge.Outcome outcome = challenge.answer(line.substring("/auth".length()), nowNanos);
        challenge = null;
        if (outcome == Challenge.Outcome.WRONG || outcome == Challenge.Outcome.SPENT) {
            guard.throttle().failed(ip, nowNanos);
        }
        return switch (outcome) {
            case ADMITTED -> new Step(Verdict.ADMIT, false, "authenticated");
            case LATE -> refuse(timedOut());
            default -> refuse("authentication failed: that is not the answer to the challenge");
        };
    }

    /** The deadline passed with the challenge unanswered (the adapter's timer fired). */
    public Step late() {
        if (challenge != null) {
            challenge.expire(); // counted as a timeout, once
            challenge = null;
        }
        return refuse(timedOut());
    }

    private Step refuse(String reason) {
        challenge = null;
        return new Step(Verdict.REFUSE, true, reason);
    }

    private String timedOut() {
        return "authentication timed out after " + Durations.human(timeout)
                + (startsOver ? "; send anything for a new challenge" : "");
    }
}
