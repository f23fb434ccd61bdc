package io.switchboard.web;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.switchboard.config.Settings;
import io.switchboard.core.Hub;
import io.switchboard.relay.RelayRegistry;
import io.switchboard.render.Page;
import io.switchboard.runtime.Threads;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The HTTP side: the page, its static files and htmx, the chat WebSocket and the health check.
 * Javalin and Jetty stay inside this package.
 */
public final class WebServer implements AutoCloseable {
    private final Settings settings;
    private final Hub hub;
    private final Executor writers;
    private final Supplier<Map<String, String>> pageValues;
    private final RelayRegistry relays;
    private volatile String page;
    private Javalin app;

    /** {@code pageValues} fills the page's slots; it is asked once, on the first request. */
    public WebServer(Settings settings, Hub hub, Executor writers, Supplier<Map<String, String>> pageValues,
            RelayRegistry relays) {
        this.settings = settings;
        this.hub = hub;
        this.writers = writers;
        this.pageValues = pageValues;
        this.relays = relays;
    }

    /** Binds and serves; throws if the port cannot be had. */
    public void start() {
        ChatSocket chat = new ChatSocket(hub, settings, writers);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.concurrency.useVirtualThreads = Threads.VIRTUAL;
            config.staticFiles.enableWebjars();
            config.staticFiles.add(files -> {
                files.hostedPath = "/static";
                files.directory = "/web/static";
                files.location = Location.CLASSPATH;
            });
            RelaySocket.register(config.routes, relays); // first: Javalin matches routes in the order declared
            config.routes.get("/", ctx -> ctx.html(page()));
            config.routes.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
            config.routes.ws("/ws", chat::configure);
        });
        app.start(settings.bind(), settings.httpPort());
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
    }
}
