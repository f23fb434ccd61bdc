package io.switchboard.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.HttpResponseException;
import io.switchboard.config.Settings;
import io.switchboard.ops.Addresses;
import io.switchboard.security.OriginPolicy;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests from other sites' pages. {@code Host} must name this gateway (its bind address, the
 * machine's addresses when bound to all, loopback, {@code --public-host} and the hosts of
 * {@code --allow-origin}), so a name rebound to this machine by someone else's DNS reaches
 * nothing; and a call that changes something must be JSON, which a cross-site form cannot send,
 * from an allowed origin when the browser says which.
 */
final class HostCheck {
    private static final Logger log = LoggerFactory.getLogger(HostCheck.class);

    private final Set<String> hosts = new HashSet<>();
    private final OriginPolicy origins;
    private final ClientAddress clients;

    HostCheck(Settings settings, OriginPolicy origins, ClientAddress clients) {
        this.origins = origins;
        this.clients = clients;
        hosts.add("localhost");
        hosts.add("127.0.0.1");
        hosts.add("::1");
        hosts.add(bare(settings.bind()));
        for (String host : Addresses.reachable(settings.bind(), null)) {
            hosts.add(bare(host));
        }
        if (settings.publicHost() != null) {
            hosts.add(bare(settings.publicHost()));
        }
        for (String origin : settings.allowOrigins()) {
            try {
                String host = URI.create(origin.strip()).getHost();
                if (host != null) {
                    hosts.add(bare(host));
                }
            } catch (IllegalArgumentException e) {
                // not a URL: it cannot name a host either
            }
        }
    }

    void register(RoutesConfig routes) {
        routes.before(this::checkHost);
        routes.wsBeforeUpgrade(this::checkHost);
        routes.before("/api/*", this::checkChange);
    }

    /** Whether {@code header} (a Host header, port and all) names this gateway; none (HTTP/1.0) does. */
    boolean serves(String header) {
        if (header == null || header.isBlank()) {
            return true;
        }
        String host = header.strip();
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            host = end < 0 ? host : host.substring(1, end);
        } else if (host.indexOf(':') == host.lastIndexOf(':') && host.indexOf(':') >= 0) {
            host = host.substring(0, host.indexOf(':'));
        }
        return hosts.contains(bare(host));
    }

    private void checkHost(Context ctx) {
        String host = ctx.header("Host");
        if (!serves(host)) {
            log.warn("http {}: Host {} is not served here", clients.ip(ctx), host);
            throw new ForbiddenResponse("Host " + host + " is not a name this gateway serves; an operator who"
                    + " wants it starts the gateway with --public-host " + bare(host));
        }
    }

    private void checkChange(Context ctx) {
        String method = ctx.method().name();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return;
        }
        String type = ctx.contentType();
        // A file's bytes are not JSON. A cross-site form can post multipart, but the Origin check below
        // refuses it, and without a same-site cookie (SameSite=Strict) it is not signed in either.
        boolean json = type != null && type.toLowerCase(Locale.ROOT).startsWith("application/json");
        if (!json && !FileRoutes.isUpload(ctx)) {
            throw new HttpResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE.getCode(),
                    "send the body as JSON, with Content-Type: application/json");
        }
        if (!origins.allows(ctx.header("Origin"), ctx.header("Host"))) {
            throw new ForbiddenResponse("a page from " + ctx.header("Origin") + " may not post here; the operator"
                    + " can allow it with --allow-origin");
        }
    }

    private static String bare(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }
}
