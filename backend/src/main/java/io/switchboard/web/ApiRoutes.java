package io.switchboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.switchboard.config.Settings;
import io.switchboard.core.Event;
import io.switchboard.core.Hub;
import io.switchboard.core.MemberInfo;
import io.switchboard.core.Names;
import io.switchboard.core.Posted;
import io.switchboard.core.RoomInfo;
import io.switchboard.ops.Metrics;
import io.switchboard.ops.Readiness;
import io.switchboard.relay.RelayRegistry;
import io.switchboard.render.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP API for scripts and operators: rooms, members, messages (read and post),
 * health and metrics. Every error is {@code {"error": "..."}} with a fitting status.
 */
final class ApiRoutes {
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 500;

    private final Hub hub;
    private final Settings settings;
    private final Metrics metrics;
    private final Readiness readiness;
    private final PostBudgets budgets;
    private final ClientAddress clients;

    ApiRoutes(Hub hub, Settings settings, RelayRegistry relays, Metrics metrics, Readiness readiness,
            ClientAddress clients) {
        this.clients = clients;
        this.hub = hub;
        this.settings = settings;
        this.metrics = metrics;
        this.readiness = readiness;
        this.budgets = new PostBudgets(settings.messageRate());
    }

    void register(RoutesConfig routes) {
        routes.get("/healthz", this::health);
        routes.get("/readyz", this::ready);
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()));
        routes.get("/api/rooms", this::rooms);
        routes.get("/api/rooms/{room}/members", this::members);
        routes.get("/api/rooms/{room}/messages", this::messages);
        routes.post("/api/rooms/{room}/messages", this::post);
        routes.get("/api/*", ctx -> error(ctx, 404, "no such API endpoint: " + ctx.path()));
        routes.post("/api/*", ctx -> error(ctx, 404, "no such API endpoint: " + ctx.path()));
    }

    /** Live: the process answers. 200 while it serves at all, draining included. */
    private void health(Context ctx) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", "ok");
        body.put("state", readiness.state().name().toLowerCase(java.util.Locale.ROOT));
        body.put("members", hub.size());
        body.put("rooms", hub.rooms().size());
        body.put("historyLag", hub.history().lag());
        if (!hub.node().isEmpty()) {
            body.put("node", hub.node());
            body.put("cluster", hub.degraded() ? "degraded" : "linked"); // still serving either way
        }
        ctx.json(body);
    }

    /**
     * Ready: give this node new members. 503 while starting or draining, with why. A degraded
     * cluster link is reported but stays 200: when Redis is down for every node, failing them all
     * would take the whole service out of the balancer, and a degraded node still serves.
     */
    private void ready(Context ctx) {
        Readiness.State state = readiness.state();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", state.name().toLowerCase(java.util.Locale.ROOT));
        if (state != Readiness.State.READY) {
            body.put("reason", readiness.reason());
        }
        if (!hub.node().isEmpty()) {
            body.put("node", hub.node());
            body.put("cluster", hub.degraded() ? "degraded" : "linked");
        }
        ctx.status(state == Readiness.State.READY ? 200 : 503).json(body);
    }

    private void rooms(Context ctx) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (RoomInfo room : hub.rooms()) {
            list.add(Map.of("name", room.name(), "members", room.members()));
        }
        ctx.json(list);
    }

    private void members(Context ctx) {
        String room = room(ctx);
        if (room == null) {
            return;
        }
        List<MemberInfo> members = hub.members(room);
        if (members == null) {
            error(ctx, 404, "no one is in #" + room);
            return;
        }
        ctx.contentType("application/json").result(JsonFormat.members(members));
    }

    private void messages(Context ctx) {
        String room = room(ctx);
        if (room == null) {
            return;
        }
        Integer limit = number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        Integer before = limit == null ? null : number(ctx, "before", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        if (before == null) {
            return;
        }
        long beforeId = ctx.queryParam("before") == null ? Long.MAX_VALUE : before;
        List<Event> events = hub.history().recent(room, limit, beforeId);
        StringBuilder out = new StringBuilder("[");
        for (Event e : events) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(JsonFormat.INSTANCE.encode(e));
        }
        ctx.contentType("application/json").result(out.append(']').toString());
    }

    private void post(Context ctx) {
        String room = room(ctx);
        if (room == null) {
            return;
        }
        if (ctx.body().getBytes(StandardCharsets.UTF_8).length > settings.maxFrameBytes()) {
            error(ctx, 413, "the body is over " + settings.maxFrameBytes() + " bytes");
            return;
        }
        JsonNode body = JsonInput.parse(ctx.body());
        if (body == null || !body.isObject()) {
            error(ctx, 400, "the body must be JSON like {\"nick\": \"bot\", \"text\": \"hello\"}");
            return;
        }
        JsonNode nick = body.get("nick");
        JsonNode text = body.get("text");
        if (nick == null || !nick.isTextual() || text == null || !text.isTextual()) {
            error(ctx, 400, "both \"nick\" and \"text\" are needed, as strings");
            return;
        }
        if (!budgets.allow(clients.ip(ctx), System.nanoTime())) {
            ctx.header("Retry-After", "1");
            error(ctx, 429, "slow down: at most " + budgets.perSecond() + " posts a second from one address");
            return;
        }
        Posted posted = hub.post(room, nick.asText(), "api", text.asText());
        if (posted.message() == null) {
            error(ctx, posted.unavailable() ? 503 : posted.conflict() ? 409 : posted.missing() ? 404 : 400,
                    posted.problem());
            return;
        }
        ctx.status(201).contentType("application/json").result(JsonFormat.INSTANCE.encode(posted.message()));
    }

    /** The room path parameter, normalised; answers 400 and returns null if it is not a room name. */
    private static String room(Context ctx) {
        String room = Names.room(ctx.pathParam("room"));
        if (room == null) {
            error(ctx, 400, "\"" + ctx.pathParam("room") + "\" is not a room name: " + Names.roomRule());
        }
        return room;
    }

    /** A whole-number query parameter in range; answers 400 and returns null when it is not. */
    private static Integer number(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        error(ctx, 400, name + " must be a whole number from " + min + " to " + max + ", not \"" + raw + "\"");
        return null;
    }

    private static void error(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }
}
