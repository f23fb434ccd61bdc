package io.switchboard.udp;

import io.switchboard.security.Challenge;
import io.switchboard.security.Guard;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
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
    // Addresses that were sent a challenge and have not answered it yet; the oldest are forgotten.
    private final Map<InetSocketAddress, Challenge> pending = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Challenge> eldest) {
            return size() > REMEMBERED;
        }
    };

    UdpAuth(Guard guard, BiConsumer<InetSocketAddress, String> reply) {
        this.guard = guard;
        this.reply = reply;
    }

    /** Whether {@code text} from {@code from} was the right answer to its challenge (it is then admitted). */
    boolean authenticated(InetSocketAddress from, String text, long now) {
        String line = text.strip();
        Challenge challenge = pending.get(from);
        if (challenge == null) {
            challenge = guard.challenge(now);
            pending.put(from, challenge);
            reply.accept(from, "-!- " + challenge.line());
            return false;
        }
        if (!line.equals("/auth") && !line.startsWith("/auth ")) {
            if (challenge.remaining(now) < 0) {
                log.warn("udp {}: authentication timed out", from);
                pending.remove(from);
                reply.accept(from, "-!- error: authentication timed out; send anything for a new challenge");
            } else {
                reply.accept(from, "-!- error: " + Challenge.howTo());
            }
            return false;
        }
        pending.remove(from);
        switch (challenge.answer(line.substring("/auth".length()), now)) {
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
}
