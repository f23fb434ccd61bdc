package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Settings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one HMAC handshake TCP and UDP share: its steps, in order, and what they count. */
class HandshakeTest {
    private static final String SECRET = "s3cret";
    private final Guard guard = new Guard(Settings.forTests().secret(SECRET, Duration.ofSeconds(10)).build());

    private static String nonce(Handshake h) {
        return h.challengeLine().substring("auth-challenge ".length());
    }

    @Test
    void anythingButAnAnswerIsToldHowAndTheRightAnswerAdmits() {
        Handshake h = new Handshake(guard, "192.0.2.1", Duration.ofSeconds(10), false, 0);
        Handshake.Step hint = h.line("hello", 1);
        assertEquals(Handshake.Verdict.WAIT, hint.verdict());
        assertTrue(hint.error() && hint.text().contains("/auth"), hint.text());
        Handshake.Step in = h.line("/auth " + Challenge.answerFor(SECRET, nonce(h)), 2);
        assertEquals(new Handshake.Step(Handshake.Verdict.ADMIT, false, "authenticated"), in);
        assertFalse(h.open());
    }

    @Test
    void aWrongAnswerIsRefusedAndCountsTowardTheOneThrottle() {
        for (int i = 0; i < KeyThrottle.FAILURES_ALLOWED; i++) {
            Handshake h = new Handshake(guard, "192.0.2.2", Duration.ofSeconds(10), false, i);
            Handshake.Step wrong = h.line("/auth 00", i);
            assertEquals(Handshake.Verdict.REFUSE, wrong.verdict());
            assertTrue(wrong.text().contains("not the answer"), wrong.text());
        }
        // Now held, even with the right answer; the challenge stays unspent, and others are not held.
        Handshake held = new Handshake(guard, "192.0.2.2", Duration.ofSeconds(10), true, 10);
        Handshake.Step step = held.line("/auth " + Challenge.answerFor(SECRET, nonce(held)), 11);
        assertEquals(Handshake.Verdict.HELD, step.verdict());
        assertTrue(held.open());
        Handshake other = new Handshake(guard, "192.0.2.3", Duration.ofSeconds(10), true, 12);
        assertEquals(Handshake.Verdict.ADMIT, other.line("/auth " + Challenge.answerFor(SECRET, nonce(other)), 13)
                .verdict());
    }

    @Test
    void lateIsRefusedAndADatagramClientIsToldHowToStartOver() {
        long tooLate = Duration.ofSeconds(11).toNanos();
        Handshake udp = new Handshake(guard, "192.0.2.4", Duration.ofSeconds(10), true, 0);
        Handshake.Step step = udp.line("/auth " + Challenge.answerFor(SECRET, nonce(udp)), tooLate);
        assertEquals(Handshake.Verdict.REFUSE, step.verdict());
        assertEquals("authentication timed out after 10s; send anything for a new challenge", step.text());
        Handshake tcp = new Handshake(guard, "192.0.2.5", Duration.ofSeconds(10), false, 0);
        assertEquals("authentication timed out after 10s", tcp.late().text());
    }
}
