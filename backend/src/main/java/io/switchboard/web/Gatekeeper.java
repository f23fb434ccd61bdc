package io.switchboard.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpStatus;
import io.javalin.http.TooManyRequestsResponse;
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
    private final ClientAddress clients;

    Gatekeeper(Guard guard, ClientAddress clients) {
        this.guard = guard;
        this.clients = clients;
    }

    void register(RoutesConfig routes) {
        routes.post("/login", this::login);
        routes.wsBeforeUpgrade(this::beforeUpgrade);
        routes.before("/api/*", this::requireSignIn);
        routes.before("/fragments/*", this::requireSignIn);
        routes.before("/metrics", this::requireSignIn); // the numbers say who is on; /healthz and /readyz stay open
    }

    void loginPage(Context ctx, String error) {
        ctx.html(Page.render("login.html", Map.of("error", error)));
    }

    private void login(Context ctx) {
        if (!guard.authRequired()) {
            ctx.redirect("./", HttpStatus.SEE_OTHER); // relative: the page may sit under a prefix
            return;
        }
        String ip = clients.ip(ctx);
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
                + (clients.secure(ctx) ? "; Secure" : "")); // HTTPS here, or at a trusted proxy in front
        ctx.redirect("./", HttpStatus.SEE_OTHER);
    }

    private boolean tooManyFailures(String ip) {
        return guard.throttle().held(ip, System.nanoTime());
    }

    private void recordFailure(String ip) {
        guard.throttle().failed(ip, System.nanoTime());
    }

    /** Whether the page may be shown (false: show the login page); see {@link #keyAdmits}. */
    boolean pageAllowed(Context ctx) {
        return keyAdmits(ctx, "the page");
    }

    private void beforeUpgrade(Context ctx) {
        if (!guard.origins().allows(ctx.header("Origin"), ctx.header("Host"))) {
            throw new ForbiddenResponse("WebSocket from origin " + ctx.header("Origin")
                    + " refused; the operator can allow it with --allow-origin");
        }
        if (!keyAdmits(ctx, "a WebSocket upgrade to " + ctx.path())) {
            throw new UnauthorizedResponse("sign in with the access key first (open the page)");
        }
    }

    /** Lets the request on when signed in (or authentication is off); else throws 401, or 429 when held. */
    void requireSignIn(Context ctx) {
        if (keyAdmits(ctx, ctx.path())) {
            return;
        }
        if (ctx.header("Authorization") == null) {
            refuseIfHeld(ctx); // no key at all: a held address still hears why it waits
        }
        throw new UnauthorizedResponse("sign in with the access key, or send Authorization: Bearer <key>");
    }

    /**
     * The check of every way in but /login. A session cookie lets in (also while its address is
     * held: only new keys wait; and always, with authentication off). Otherwise a bearer key is
     * tried unless the address is held (429), and a wrong one counts like a wrong login. False also
     * when no key was sent.
     */
    private boolean keyAdmits(Context ctx, String where) {
        if (guard.admitsCookie(ctx.cookie(SessionCookie.NAME))) {
            return true;
        }
        String authorization = ctx.header("Authorization");
        if (authorization == null) {
            return false;
        }
        refuseIfHeld(ctx);
        if (authorization.startsWith("Bearer ") && guard.admitsKey(authorization.substring("Bearer ".length()).strip())) {
            return true;
        }
        guard.refusals().failed(Refusals.AuthFailure.BEARER_WRONG);
        log.warn("web {}: wrong bearer key for {}", clients.ip(ctx), where);
        recordFailure(clients.ip(ctx));
        return false;
    }

    private void refuseIfHeld(Context ctx) {
        if (tooManyFailures(clients.ip(ctx))) {
            guard.refusals().loginThrottled();
            throw new TooManyRequestsResponse("too many wrong keys from your address; wait a minute");
        }
    }
}
