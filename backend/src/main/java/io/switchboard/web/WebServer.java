package io.switchboard.web;

import io.javalin.Javalin;
import io.switchboard.config.Settings;
import io.switchboard.core.Hub;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.switchboard.core.Names;
import io.switchboard.files.Sharing;
import io.switchboard.ops.Metrics;
import io.switchboard.ops.Readiness;
import io.switchboard.render.HtmlFormat;
import io.switchboard.relay.RelayRegistry;
import io.switchboard.render.Page;
import io.switchboard.runtime.Threads;
import io.switchboard.security.Guard;
import java.util.Map;
import java.util.function.Supplier;
import org.eclipse.jetty.ee10.servlet.SessionHandler;
import org.eclipse.jetty.session.NullSessionCache;
import org.eclipse.jetty.session.NullSessionDataStore;

/**
 * The HTTP side: the page, its static files and htmx, the chat WebSocket and the health check.
 * Javalin and Jetty stay inside this package.
 */
public final class WebServer implements AutoCloseable {
    private static final int OLDER_PAGE = 50;

    private final Settings settings;
    private final Hub hub;
    private final Guard guard;
    private final Supplier<Map<String, String>> pageValues;
    private final RelayRegistry relays;
    private final Metrics metrics;
    private final Readiness readiness;
    private final Sharing sharing;
    private volatile String page;
    private Javalin app;
    private ChatSocket chat;

    /** {@code pageValues} fills the page's slots; it is asked once, on the first request. */
    public WebServer(Settings settings, Hub hub, Guard guard,
            Supplier<Map<String, String>> pageValues, RelayRegistry relays, Metrics metrics, Readiness readiness,
            Sharing sharing) {
        this.settings = settings;
        this.hub = hub;
        this.guard = guard;
        this.pageValues = pageValues;
        this.relays = relays;
        this.metrics = metrics;
        this.readiness = readiness;
        this.sharing = sharing;
    }

    /** Binds and serves; throws if the port cannot be had. */
    public void start() {
        ClientAddress clients = new ClientAddress(settings.trustedProxies()); // who a request is, for everything below
        chat = new ChatSocket(hub, guard, settings, clients);
        ApiRoutes api = new ApiRoutes(hub, settings, relays, metrics, readiness, clients);
        Gatekeeper gate = new Gatekeeper(guard, clients);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = Threads.VIRTUAL;
            config.jetty.modifyServletContextHandler(handler -> keepNoSessions(handler.getSessionHandler()));
            // Behind a proxy that keeps its prefix: everything moves under it. The page's own links
            // are relative, so a proxy that strips the prefix needs no option at all.
            config.router.contextPath = settings.basePath().isEmpty() ? "/" : settings.basePath();
            config.resourceHandler(new StaticAssets(WebServer.class.getClassLoader())); // /static and /webjars
            // Every refusal, API or upgrade, answers {"error": "..."} with its status.
            config.routes.exception(HttpResponseException.class,
                    (e, ctx) -> ctx.status(e.getStatus()).json(Map.of("error", e.getMessage())));
            new HostCheck(settings, guard.origins(), clients).register(config.routes); // first of all: a foreign Host is nobody
            gate.register(config.routes); // then sign-in: its upgrade and API checks cover the relay too
            RelaySocket.register(config, relays, guard.connections(), settings.logConnections(), clients); // before api: Javalin matches routes in declared order
            config.routes.get("/", ctx -> {
                if (!ctx.path().endsWith("/")) {
                    ctx.redirect(ctx.path() + "/"); // the page's relative links resolve against the slash
                } else if (gate.pageAllowed(ctx)) {
                    ctx.html(page());
                } else {
                    gate.loginPage(ctx, "");
                }
            });
            config.routes.get("/fragments/older", this::older);
            config.routes.ws("/ws", chat::configure);
            new FileRoutes(sharing, settings, chat::pageMember, gate).register(config.routes); // before api's catch-all
            api.register(config.routes);
        });
        app.start(settings.bind(), settings.httpPort());
    }

    /**
     * Javalin's WebSocket upgrade copies the HTTP session's attributes, which makes a session for
     * every /ws and /relay connection: a JSESSIONID cookie on each 101 and a session Jetty keeps until
     * it expires. The gateway keeps nothing in sessions (sign-in is its own signed cookie), so each
     * session lives only for its request and is never announced.
     */
    private static void keepNoSessions(SessionHandler sessions) {
        sessions.setUsingCookies(false);
        NullSessionCache none = new NullSessionCache(sessions);
        none.setSessionDataStore(new NullSessionDataStore());
        sessions.setSessionCache(none);
    }

    /** Older messages for the page's scroll-back: entries, plus a trigger for the next page if any. */
    private void older(Context ctx) {
        String room = Names.room(String.valueOf(ctx.queryParam("room")));
        long before;
        try {
            before = Long.parseLong(String.valueOf(ctx.queryParam("before")));
        } catch (NumberFormatException e) {
            before = -1;
        }
        if (room == null || before < 1) {
            ctx.status(400).html("<p class=\"sys error\">cannot load older messages: bad room or position</p>");
            return;
        }
        ctx.html(HtmlFormat.older(room, hub.history().recent(room, OLDER_PAGE, before), OLDER_PAGE));
    }

    /** The bound port (useful when started on port 0). */
    public int port() {
        return app.port();
    }

    private String page() {
        String built = page;
        if (built == null) {
            built = Page.render(pageValues.get());
            page = built;
        }
        return built;
    }

    @Override
    public void close() {
        if (app != null) {
            app.stop();
        }
        if (chat != null) {
            chat.close();
        }
    }
}
