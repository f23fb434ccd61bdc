package io.switchboard.udp;

import io.switchboard.runtime.Lru;
import io.switchboard.security.Challenge;
import io.switchboard.security.Guard;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC handshake over datagrams: an unknown address gets a challenge; its answer admits it
 * or not. Every challenge is answered once; a wrong or late answer means starting over. Runs on
 * the endpoint's event loop only.
 */
final class UdpAuth {
    private static final Logger log = LoggerFactory.getLogger(UdpAuth.class);
    private static final int REMEMBERED = 1024;

    private final Guard guard;
    private final BiConsumer<InetSocketAddress, String> reply;
    /** A stranger that keeps sending anything but an answer hears from us once per this long. */
    private static final long QUIET_NANOS = 10_000_000_000L;

    // Addresses that were sent a challenge and have not answered it yet; the oldest are forgotten.
    private final Map<InetSocketAddress, Challenge> pending = new Lru<>(REMEMBERED);
    // Per address: when its interval began, and how many replies it has had in it.
    private final Map<InetSocketAddress, long[]> told = new Lru<>(REMEMBERED);

    UdpAuth(Guard guard, BiConsumer<InetSocketAddress, String> reply) {
        this.guard = guard;
        this.reply = reply;
    }

    /** Whether {@code text} from {@code from} was the right answer to its challenge (it is then admitted). */
    boolean authenticated(InetSocketAddress from, String text, long now) {
        String line = text.strip();
        Challenge challenge = pending.get(from);
        if (challenge == null) {
            if (quiet(from, now, 1)) {
                return false; // one challenge per address per interval: a forged source gets little
            }
            challenge = guard.challenge(now);
            pending.put(from, challenge);
            reply.accept(from, "-!- " + challenge.line());
            return false;
        }
        if (!line.equals("/auth") && !line.startsWith("/auth ")) {
            if (challenge.remaining(now) >= 0 && quiet(from, now, 2)) {
                return false; // it has its challenge and has been told how to answer: no more replies
            }
            if (challenge.remaining(now) < 0) {
                log.warn("udp {}: authentication timed out", from);
                pending.remove(from);
                told.remove(from); // as it is told: anything it sends now gets a new challenge
                reply.accept(from, "-!- error: authentication timed out; send anything for a new challenge");
            } else {
                reply.accept(from, "-!- error: " + Challenge.howTo());
            }
            return false;
        }
        String ip = from.getAddress().getHostAddress();
        if (guard.throttle().held(ip, now)) {
            // The same throttle as TCP's and the page's: five wrong keys a minute from an address.
            if (!quiet(from, now, 2)) {
                reply.accept(from, "-!- error: too many wrong keys or answers from " + ip + "; wait a minute");
            }
            return false;
        }
        pending.remove(from);
        told.remove(from); // an answer, right or wrong, ends the quiet: the next datagram starts over
        Challenge.Outcome outcome = challenge.answer(line.substring("/auth".length()), now);
        if (outcome == Challenge.Outcome.WRONG || outcome == Challenge.Outcome.SPENT) {
            guard.throttle().failed(ip, now);
        }
        switch (outcome) {
            case ADMITTED -> {
                reply.accept(from, "-!- authenticated");
                return true;
            }
            case LATE -> {
                log.warn("udp {}: answered the challenge too late", from);
                reply.accept(from, "-!- error: authentication timed out; send anything for a new challenge");
            }
            default -> {
                log.warn("udp {}: wrong answer to the challenge", from);
                reply.accept(from, "-!- error: authentication failed: that is not the answer to the challenge");
            }
        }
        return false;
    }

    /** Whether {@code from} has had its {@code allowed} replies in this interval; counts this one if not. */
    private boolean quiet(InetSocketAddress from, long now, int allowed) {
        long[] t = told.get(from);
        if (t == null || now - t[0] >= QUIET_NANOS) {
            told.put(from, new long[] {now, 1});
            return false;
        }
        if (t[1] < allowed) {
            t[1]++;
            return false;
        }
        return true;
    }
}
