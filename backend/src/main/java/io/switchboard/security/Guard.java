package io.switchboard.security;

import io.switchboard.config.Settings;
import java.time.Instant;

/**
 * Everything the adapters ask before letting someone in: is authentication on, a fresh HMAC
 * challenge, the browser's session cookie, the origin rule, and the connection caps.
 */
public final class Guard {
    private final Settings settings;
    private final Hmac hmac;
    private final SessionCookie cookies;
    private final OriginPolicy origins;
    private final ConnectionLimits connections;
    private final Refusals refusals = new Refusals();
    private final KeyThrottle throttle = new KeyThrottle();

    public Guard(Settings settings) {
        this.settings = settings;
        this.hmac = settings.secret() == null ? null : new Hmac(settings.secret());
        this.cookies = hmac == null ? null : new SessionCookie(hmac);
        this.origins = new OriginPolicy(settings.allowOrigins());
        this.connections = new ConnectionLimits(settings.maxConnections(), settings.maxPerAddress(), refusals);
    }

    /** True when every way in must authenticate. */
    public boolean authRequired() {
        return hmac != null;
    }

    /** A new challenge for a client that must authenticate (only when {@link #authRequired}). */
    public Challenge challenge(long nowNanos) {
        return new Challenge(hmac, settings.authTimeout(), nowNanos, refusals);
    }

    /** True when a browser's session cookie lets it in (always, when authentication is off). */
    public boolean admitsCookie(String value) {
        return cookies == null || cookies.valid(value, Instant.now());
    }

    /** True when the access key typed on the page, or a script's bearer token, is the secret. */
    public boolean admitsKey(String key) {
        return hmac == null || Hmac.sameSecret(settings.secret(), key);
    }

    /** A session cookie value for a browser that gave the right key. */
    public String newCookie() {
        return cookies.issue(Instant.now());
    }

    public OriginPolicy origins() {
        return origins;
    }

    public ConnectionLimits connections() {
        return connections;
    }

    /** The one throttle for guesses at the secret, shared by every way in. */
    public KeyThrottle throttle() {
        return throttle;
    }

    /** What every way in turned away, for /metrics. */
    public Refusals refusals() {
        return refusals;
    }
}
