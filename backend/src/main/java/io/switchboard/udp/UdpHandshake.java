package io.switchboard.udp;

import io.switchboard.security.Challenge;
import io.switchboard.security.Guard;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HMAC challenge over datagrams, for addresses that are not members yet; used by the receive thread only. */
final class UdpHandshake {
    private static final Logger log = LoggerFactory.getLogger(UdpEndpoint.class);
    private static final int REMEMBERED = 1024;

    private final Guard guard;
    private final BiConsumer<InetSocketAddress, String> send;
    // Addresses that were sent a challenge and have not answered it yet.
    private final Map<InetSocketAddress, Challenge> pending = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<InetSocketAddress, Challenge> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** {@code send} writes one line straight to an address. */
    UdpHandshake(Guard guard, BiConsumer<InetSocketAddress, String> send) {
        this.guard = guard;
        this.send = send;
    }

    /**
     * True when this datagram rightly answered its address's challenge. An unknown address gets a
     * challenge; every challenge is answered once; a wrong or late answer means starting over.
     */
    boolean admits(InetSocketAddress from, String text, long now) {
        String line = text.strip();
        Challenge challenge = pending.get(from);
        if (challenge == null) {
            challenge = guard.challenge(now);
            pending.put(from, challenge);
            send.accept(from, "-!- " + challenge.line());
            return false;
        }
        if (!line.equals("/auth") && !line.startsWith("/auth ")) {
            if (challenge.remaining(now) < 0) {
                log.warn("udp {}: authentication timed out", from);
                pending.remove(from);
                send.accept(from, "-!- error: authentication timed out; send anything for a new challenge");
            } else {
                send.accept(from, "-!- error: " + Challenge.howTo());
            }
            return false;
        }
        pending.remove(from);
        switch (challenge.answer(line.substring("/auth".length()), now)) {
            case ADMITTED -> {
                send.accept(from, "-!- authenticated");
                return true;
            }
            case LATE -> {
                log.warn("udp {}: answered the challenge too late", from);
                send.accept(from, "-!- error: authentication timed out; send anything for a new challenge");
            }
            default -> {
                log.warn("udp {}: wrong answer to the challenge", from);
                send.accept(from, "-!- error: authentication failed: that is not the answer to the challenge");
            }
        }
        return false;
    }
}
