package io.switchboard.web;

import io.javalin.config.RoutesConfig;
import io.switchboard.relay.RelayRegistry;
import java.util.Map;

/** {@code GET /api/relays} and {@code GET /api/relays/{name}}: each target's sessions, bytes and close codes. */
final class RelayApi {
    private RelayApi() {
    }

    static void register(RoutesConfig routes, RelayRegistry relays) {
        routes.get("/api/relays", ctx -> ctx.json(relays.stats()));
        routes.get("/api/relays/{name}", ctx -> {
            String name = ctx.pathParam("name");
            relays.stats(name).ifPresentOrElse(ctx::json,
                    () -> ctx.status(404).json(Map.of("error", "no relay named " + name)));
        });
    }
}
