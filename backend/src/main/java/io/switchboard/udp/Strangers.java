package io.switchboard.udp;

import io.switchboard.render.LineFormat;
import io.switchboard.runtime.Lru;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Addresses that have not proved they receive what is sent to them. A datagram's source can be
 * forged, so until an address echoes the token it was sent it is no member, sees no room traffic,
 * and gets back at most three times the bytes it sent: the endpoint cannot be used to send much
 * to someone else. Runs on the endpoint's event loop only.
 */
final class Strangers {
    /** Bytes a stranger may be sent per byte it sent. */
    static final int REPLY_FACTOR = 3;
    private static final int REMEMBERED = 4096;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final BiConsumer<InetSocketAddress, byte[]> reply;
    private final Map<InetSocketAddress, Stranger> pending = new Lru<>(REMEMBERED);

    /** A lost datagram may hide the token: it is told again, within the budget, after this long. */
    private static final long RETELL_NANOS = 5_000_000_000L;

    /** What has passed between the endpoint and one unverified address. */
    private static final class Stranger {
        final String token;
        long received;
        long sent;
        long toldAt = Long.MIN_VALUE;

        Stranger() {
            byte[] b = new byte[3];
            RANDOM.nextBytes(b);
            token = HexFormat.of().formatHex(b);
        }
    }

    Strangers(BiConsumer<InetSocketAddress, byte[]> reply) {
        this.reply = reply;
    }

    /** The line a stranger is sent: what to type to prove the address. */
    static byte[] greeting(String token) {
        return LineFormat.LF.notice("reply: /v " + token);
    }

    /**
     * Whether this datagram proves {@code from} receives: it carries "/v TOKEN" for the token the
     * address was sent. Otherwise the address is told the token, once it has sent enough bytes to
     * be owed a reply that long.
     */
    boolean proves(InetSocketAddress from, String text, int length, long now) {
        Stranger s = pending.computeIfAbsent(from, a -> new Stranger());
        s.received += length;
        for (String line : text.split("\r\n|\r|\n")) {
            String t = line.strip();
            if (t.equals("/v " + s.token) || t.equals("/verify " + s.token)) {
                pending.remove(from);
                return true;
            }
        }
        byte[] greeting = greeting(s.token);
        int size = greeting.length;
        boolean due = s.toldAt == Long.MIN_VALUE || now - s.toldAt > RETELL_NANOS;
        if (due && s.sent + size <= REPLY_FACTOR * s.received) {
            s.toldAt = now;
            s.sent += size;
            reply.accept(from, greeting);
        }
        return false;
    }
}
