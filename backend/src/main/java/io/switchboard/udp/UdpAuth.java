package io.switchboard.udp;

import io.switchboard.render.LineFormat;
import io.switchboard.runtime.Lru;
import io.switchboard.security.Guard;
import io.switchboard.security.Handshake;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HMAC handshake over datagrams ({@link Handshake}, as on TCP): an unknown address gets a
 * challenge; its answer admits it or not. A wrong or late answer means starting over with the
 * next datagram. Replies are few: a forged source gets one challenge and one hint per interval.
 * Runs on the endpoint's event loop only.
 */
final class UdpAuth {
    private static final Logger log = LoggerFactory.getLogger(UdpAuth.class);
    private static final int REMEMBERED = 1024;
    /** A stranger that keeps sending anything but an answer hears from us once per this long. */
    private static final long QUIET_NANOS = 10_000_000_000L;

    private final Guard guard;
    private final Duration timeout;
    private final BiConsumer<InetSocketAddress, byte[]> reply;
    // Addresses that were sent a challenge and have not answered it yet; the oldest are forgotten.
    private final Map<InetSocketAddress, Handshake> pending = new Lru<>(REMEMBERED);
    // Per address: when its interval began, and how many replies it has had in it.
    private final Map<InetSocketAddress, long[]> told = new Lru<>(REMEMBERED);

    UdpAuth(Guard guard, Duration timeout, BiConsumer<InetSocketAddress, byte[]> reply) {
        this.guard = guard;
        this.timeout = timeout;
        this.reply = reply;
    }

    /** Whether {@code text} from {@code from} was the right answer to its challenge (it is then admitted). */
    boolean authenticated(InetSocketAddress from, String text, long now) {
        Handshake handshake = pending.get(from);
        if (handshake == null) {
            if (quiet(from, now, 1)) {
                return false; // one challenge per address per interval: a forged source gets little
            }
            handshake = new Handshake(guard, from.getAddress().getHostAddress(), timeout, true, now);
            pending.put(from, handshake);
            reply.accept(from, LineFormat.LF.notice(handshake.challengeLine()));
            return false;
        }
        Handshake.Step step = handshake.line(text, now);
        switch (step.verdict()) {
            case WAIT -> {
                if (!quiet(from, now, 2)) { // it has its challenge and a hint: no more replies
                    reply.accept(from, LineFormat.LF.error(step.text()));
                }
                return false;
            }
            case HELD -> {
                // The same throttle as TCP's and the page's: five wrong keys a minute from an address.
                if (!quiet(from, now, 2)) {
                    reply.accept(from, LineFormat.LF.error(step.text()));
                }
                return false;
            }
            case ADMIT -> {
                forget(from);
                reply.accept(from, LineFormat.LF.notice(step.text()));
                return true;
            }
            default -> {
                log.warn("udp {}: {}", from, step.text());
                forget(from); // as it is told: anything it sends now gets a new challenge
                reply.accept(from, LineFormat.LF.error(step.text()));
                return false;
            }
        }
    }

    private void forget(InetSocketAddress from) {
        pending.remove(from);
        told.remove(from);
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
