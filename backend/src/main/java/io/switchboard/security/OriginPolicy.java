package io.switchboard.security;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Which pages may open WebSockets here: the gateway's own origin and the operator's
 * {@code --allow-origin} entries. Browsers always send Origin on a WebSocket upgrade, so a
 * foreign page is refused; programs that send none are not browsers and are let through.
 */
public final class OriginPolicy {
    private final List<String> allowed;

    public OriginPolicy(List<String> allowed) {
        this.allowed = allowed.stream().map(OriginPolicy::normalise).toList();
    }

    /** True when a request with this Origin header, sent to this Host header, may upgrade. */
    public boolean allows(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String normal = normalise(origin);
        if (allowed.contains(normal)) {
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            return authority != null && host != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalise(String origin) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
