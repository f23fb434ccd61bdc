package io.switchboard.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.UnauthorizedResponse;
import io.switchboard.render.Page;
import io.switchboard.security.Guard;
import io.switchboard.security.SessionCookie;
import java.util.Map;

/**
 * The web side's door: the access-key login that gives a browser its signed session cookie,
 * and the checks in front of the WebSocket upgrades, the API and history fragments (cookie,
 * or a script's {@code Authorization: Bearer <key>}; and the Origin of upgrades).
 */
final class Gatekeeper {
    private final Guard guard;

    Gatekeeper(Guard guard) {
        this.guard = guard;
    }

    void register(RoutesConfig routes) {
        routes.post("/login", this::login);
        routes.wsBeforeUpgrade(this::beforeUpgrade);
        routes.before("/api/*", this::requireSignIn);
        routes.before("/fragments/*", this::requireSignIn);
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
            ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        if (!guard.admitsKey(ctx.formParam("key"))) {
            ctx.status(401);
            loginPage(ctx, "That is not the access key.");
            return;
        }
        // HttpOnly: page scripts cannot read it; SameSite=Strict: other sites cannot ride on it.
        ctx.header("Set-Cookie", SessionCookie.NAME + "=" + guard.newCookie() + "; Path=/; Max-Age="
                + SessionCookie.LIFETIME.toSeconds() + "; HttpOnly; SameSite=Strict"
                + ("https".equals(ctx.scheme()) ? "; Secure" : ""));
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private void beforeUpgrade(Context ctx) {
        if (!guard.origins().allows(ctx.header("Origin"), ctx.header("Host"))) {
            throw new ForbiddenResponse("WebSocket from origin " + ctx.header("Origin")
                    + " refused; the operator can allow it with --allow-origin");
        }
        if (!signedIn(ctx)) {
            throw new UnauthorizedResponse("sign in with the access key first (open the page)");
        }
    }

    private void requireSignIn(Context ctx) {
        if (!signedIn(ctx)) {
            throw new UnauthorizedResponse("sign in with the access key, or send Authorization: Bearer <key>");
        }
    }
}
