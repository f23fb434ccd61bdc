package io.switchboard.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * The browser's proof that it once gave the access key: {@code v1.<expiry>.<random>.<hmac>},
 * signed with the secret, so the server keeps no session table and the key itself is never
 * stored in the browser.
 */
public final class SessionCookie {
    /** The cookie's name. */
    public static final String NAME = "switchboard_session";
    /** How long a login lasts. */
    public static final Duration LIFETIME = Duration.ofDays(7);

    private final Hmac hmac;

    public SessionCookie(Hmac hmac) {
        this.hmac = hmac;
    }

    /** A fresh cookie value valid until now + {@link #LIFETIME}. */
    public String issue(Instant now) {
        String body = "v1." + now.plus(LIFETIME).getEpochSecond() + "." + Hmac.hex(Hmac.nonce(16));
        return body + "." + Hmac.hex(hmac.sign(body.getBytes(StandardCharsets.UTF_8)));
    }

    /** True for a value this server signed that has not expired. */
    public boolean valid(String value, Instant now) {
        if (value == null) {
            return false;
        }
        int cut = value.lastIndexOf('.');
        if (cut < 0) {
            return false;
        }
        String body = value.substring(0, cut);
        String[] parts = body.split("\\.");
        if (parts.length != 3 || !parts[0].equals("v1")
                || !hmac.verify(body.getBytes(StandardCharsets.UTF_8), value.substring(cut + 1))) {
            return false;
        }
        try {
            return Long.parseLong(parts[1]) > now.getEpochSecond();
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
