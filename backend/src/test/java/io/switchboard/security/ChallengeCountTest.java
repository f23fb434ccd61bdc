package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each challenge counts at most one failure, however the adapter notices it. */
class ChallengeCountTest {
    private static final Hmac KEY = new Hmac("count secret");
    private static final long SECOND = 1_000_000_000L;

    @Test
    void wrongLateAndTimedOutAreEachCountedOnce() {
        Refusals refusals = new Refusals();
        new Challenge(KEY, Duration.ofSeconds(1), 0, refusals).answer("00", SECOND / 2);
        new Challenge(KEY, Duration.ofSeconds(1), 0, refusals).answer("00", 2 * SECOND);
        Challenge polled = new Challenge(KEY, Duration.ofSeconds(1), 0, refusals);
        polled.remaining(SECOND / 2);   // time left: nothing counted
        polled.remaining(2 * SECOND);   // out of time: a timeout
        polled.remaining(3 * SECOND);
        polled.answer("00", 3 * SECOND); // an answer after the timeout is not a second failure
        Challenge timer = new Challenge(KEY, Duration.ofSeconds(1), 0, refusals);
        timer.expire();
        timer.expire();
        Challenge admitted = new Challenge(KEY, Duration.ofSeconds(1), 0, refusals);
        admitted.answer(Hmac.hex(KEY.sign(java.util.HexFormat.of().parseHex(admitted.line().substring(15)))), 1);
        admitted.expire();             // answered in time: an expiry later counts nothing
        assertEquals(1, refusals.failedAuthentications(Refusals.AuthFailure.HMAC_WRONG));
        assertEquals(1, refusals.failedAuthentications(Refusals.AuthFailure.HMAC_LATE));
        assertEquals(2, refusals.failedAuthentications(Refusals.AuthFailure.HMAC_TIMEOUT));
    }
}
