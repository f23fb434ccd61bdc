package io.switchboard.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnauthorizedResponse;
import io.switchboard.render.Page;
import io.switchboard.security.Guard;
import io.switchboard.security.Refusals;
import io.switchboard.security.SessionCookie;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web side's door: the access-key login that gives a browser its signed session cookie,
 * and the checks in front of the WebSocket upgrades, the API and history fragments (cookie,
 * or a script's {@code Authorization: Bearer <key>}; and the Origin of upgrades).
 */
final class Gatekeeper {
    private static final Logger log = LoggerFactory.getLogger(Gatekeeper.class);
    private final Guard guard;

    Gatekeeper(Guard guard) {
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.post("/login", this::login);
        routes.wsBeforeUpgrade(this::beforeUpgrade);
        routes.before("/api/*", this::requireSignIn);
        routes.before("/fragments/*", this::requireSignIn);
        routes.before("/metrics", this::requireSignIn); // the numbers say who is on; /healthz and /readyz stay open
    }

    /** True when the request may see the chat: authentication is off, or it carries a valid session. */
    boolean signedIn(Context ctx) {
        if (guard.admitsCookie(ctx.cookie(SessionCookie.NAME))) {
            return true;
        }
        String authorization = ctx.header("Authorization");
        return authorization != null && authorization.startsWith("Bearer ")
                && guard.admitsKey(authorization.substring("Bearer ".length()).strip());
    }

    void loginPage(Context ctx, String error) {
        ctx.html(Page.render("login.html", Map.of("error", error)));
    }

    private void login(Context ctx) {
        if (!guard.authRequired()) {
            ctx.redirect("./", io.javalin.http.HttpStatus.SEE_OTHER); // relative: the page may sit under a prefix
            return;
        }
        String ip = ctx.ip();
        if (tooManyFailures(ip)) {
            guard.refusals().loginThrottled();
            ctx.status(429);
            loginPage(ctx, "Too many wrong keys from your address; wait a minute and try again.");
            return;
        }
        if (!guard.admitsKey(ctx.formParam("key"))) {
            guard.refusals().failed(Refusals.AuthFailure.LOGIN_WRONG);
            log.warn("web {}: wrong access key at /login", ip);
            recordFailure(ip);
            ctx.status(401);
            loginPage(ctx, "That is not the access key.");
            return;
        }
        // HttpOnly: page scripts cannot read it; SameSite=Strict: other sites cannot ride on it.
        ctx.header("Set-Cookie", SessionCookie.NAME + "=" + guard.newCookie() + "; Path=" + ctx.contextPath()
                + (ctx.contextPath().endsWith("/") ? "" : "/") + "; Max-Age="
                + SessionCookie.LIFETIME.toSeconds() + "; HttpOnly; SameSite=Strict"
                + ("https".equals(ctx.scheme()) ? "; Secure" : ""));
        ctx.redirect("./", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private boolean tooManyFailures(String ip) {
        return guard.throttle().held(ip, System.nanoTime());
    }

    private void recordFailure(String ip) {
        guard.throttle().failed(ip, System.nanoTime());
    }

    /**
     * Whether the page may be shown: a session cookie, or a right bearer key from an address that
     * is not held; a wrong bearer key counts like a wrong login. False: show the login page.
     */
    boolean pageAllowed(Context ctx) {
        if (guard.admitsCookie(ctx.cookie(SessionCookie.NAME))) {
            return true;
        }
        if (ctx.header("Authorization") == null) {
            return false;
        }
        if (tooManyFailures(ctx.ip())) {
            guard.refusals().loginThrottled();
            throw new io.javalin.http.TooManyRequestsResponse("too many wrong keys from your address; wait a minute");
        }
        if (signedIn(ctx)) {
            return true;
        }
        guard.refusals().failed(Refusals.AuthFailure.BEARER_WRONG);
        log.warn("web {}: wrong bearer key for the page", ctx.ip());
        recordFailure(ctx.ip());
        return false;
    }

    private void beforeUpgrade(Context ctx) {
        if (!guard.origins().allows(ctx.header("Origin"), ctx.header("Host"))) {
            throw new ForbiddenResponse("WebSocket from origin " + ctx.header("Origin")
                    + " refused; the operator can allow it with --allow-origin");
        }
        if (!guard.admitsCookie(ctx.cookie(SessionCookie.NAME)) && ctx.header("Authorization") != null
                && tooManyFailures(ctx.ip())) {
            guard.refusals().loginThrottled();
            throw new io.javalin.http.TooManyRequestsResponse("too many wrong keys from your address; wait a minute");
        }
        if (!signedIn(ctx)) {
            if (ctx.header("Authorization") != null) {
                guard.refusals().failed(Refusals.AuthFailure.BEARER_WRONG);
                log.warn("web {}: wrong bearer key for a WebSocket upgrade to {}", ctx.ip(), ctx.path());
                recordFailure(ctx.ip());
            }
            throw new UnauthorizedResponse("sign in with the access key first (open the page)");
        }
    }

    private void requireSignIn(Context ctx) {
        if (guard.admitsCookie(ctx.cookie(SessionCookie.NAME))) {
            return; // a signed session keeps working while its address is throttled; only keys wait
        }
        if (tooManyFailures(ctx.ip())) {
            guard.refusals().loginThrottled();
            throw new io.javalin.http.TooManyRequestsResponse("too many wrong keys from your address; wait a minute");
        }
        if (!signedIn(ctx)) {
            if (ctx.header("Authorization") != null) {
                guard.refusals().failed(Refusals.AuthFailure.BEARER_WRONG);
                log.warn("web {}: wrong bearer key for {}", ctx.ip(), ctx.path());
                recordFailure(ctx.ip()); // a wrong bearer key counts like a wrong login
            }
            throw new UnauthorizedResponse("sign in with the access key, or send Authorization: Bearer <key>");
        }
    }
}
