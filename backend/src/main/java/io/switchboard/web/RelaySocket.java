package io.switchboard.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.switchboard.config.RelayTarget;
import io.switchboard.ops.ConnectionLog;
import io.switchboard.relay.Mode;
import io.switchboard.relay.RelayRefused;
import io.switchboard.relay.RelayRegistry;
import io.switchboard.relay.RelaySession;
import io.switchboard.security.ConnectionLimits;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay WebSocket, {@code /relay/NAME[?mode=binary|lines]}: each connection is piped to the
 * allow-listed target NAME. An unknown name gets 404 before the upgrade; the {@code binary}
 * subprotocol is answered when a client (noVNC, websockify clients) asks for it.
 */
public final class RelaySocket {
    private static final Logger log = LoggerFactory.getLogger(RelaySocket.class);
    private static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";
    private static final int TRY_AGAIN_LATER = 1013;
    private static final int POLICY = 1008;

    private final RelayRegistry relays;
    private final ConnectionLimits limits;
    private final Map<String, RelaySession> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> slots = new ConcurrentHashMap<>(); // session -> address holding a slot
    private final ConnectionLog.Relays connectionLog; // null: connections are not logged
    private final ClientAddress clients;

    private RelaySocket(RelayRegistry relays, ConnectionLimits limits, boolean logConnections, ClientAddress clients) {
        this.relays = relays;
        this.clients = clients;
        this.limits = limits;
        this.connectionLog = logConnections ? new ConnectionLog.Relays() : null;
    }

    /**
     * Adds {@code /relay/{name}} and the relay counters under {@code /api/relays} to the routes;
     * relay connections count against the same connection caps as chat connections.
     */
    static void register(RoutesConfig routes, RelayRegistry relays, ConnectionLimits limits,
            boolean logConnections, ClientAddress clients) {
        RelaySocket socket = new RelaySocket(relays, limits, logConnections, clients);
        routes.wsBeforeUpgrade("/relay/{name}", socket::beforeUpgrade);
        routes.ws("/relay/{name}", socket::configure);
        RelayApi.register(routes, relays);
    }

    private void beforeUpgrade(Context ctx) {
        String name = ctx.pathParam("name");
        if (relays.target(name).isEmpty()) {
            throw new NotFoundResponse("no relay named " + name);
        }
        String offered = ctx.header(PROTOCOL_HEADER);
        if (offered != null) {
            // Javalin echoes the first offered subprotocol; the relay speaks only "binary", so it
            // answers that when offered and otherwise none (the client then decides to give up).
            boolean binary = Arrays.stream(offered.split(",")).map(String::strip).anyMatch("binary"::equals);
            ctx.res().setHeader(PROTOCOL_HEADER, binary ? "binary" : null);
        }
    }

    private void configure(WsConfig ws) {
        // The message handlers write upstream and block while upstream does not take the bytes:
        // Jetty delivers the next frame only after they return, so a slow upstream stops the
        // browser through TCP flow control. That holds one thread per busy session, at most
        // --relay-max-sessions of them (virtual threads on Java 21+).
        ws.onConnect(this::connected);
        ws.onMessage(ctx -> forward(ctx.sessionId()).ifPresent(s -> s.fromBrowser(ctx.message())));
        ws.onBinaryMessage(ctx -> forward(ctx.sessionId()).ifPresent(s -> s.fromBrowser(ctx.data())));
        ws.onClose(this::closed);
        ws.onError(ctx -> log.debug("relay ws {}: {}", ctx.sessionId(), String.valueOf(ctx.error())));
    }

    private void connected(WsConnectContext ctx) {
        RelayTarget target = relays.target(ctx.pathParam("name")).orElse(null);
        Mode mode = Mode.of(ctx.queryParam("mode"));
        if (target == null || mode == null) {
            ctx.closeSession(POLICY, target == null ? "no such relay" : "mode must be binary or lines");
            return;
        }
        ClientAddress.Client client = clients.of(ctx.session);
        String ip = client.ip();
        String refusal = limits.acquire(ip);
        if (refusal != null) {
            ctx.closeSession(TRY_AGAIN_LATER, WsSink.truncate(refusal));
            return;
        }
        slots.put(ctx.sessionId(), ip);
        int max = relays.maxMessageBytes(target);
        ctx.session.setMaxBinaryMessageSize(max); // Jetty closes with 1009 past these
        ctx.session.setMaxTextMessageSize(max);
        // The relay's own idle timeout acts first and says why; Jetty's is only a backstop.
        ctx.session.setIdleTimeout(relays.idle().plus(Duration.ofMinutes(1)));
        ctx.enableAutomaticPings(30, TimeUnit.SECONDS); // keeps NATs and proxies from dropping quiet sessions
        try {
            sessions.put(ctx.sessionId(), relays.open(target, mode, new WsDownstream(ctx.session)));
            if (connectionLog != null) {
                connectionLog.opened(ctx.sessionId(), client.shown(), target.name());
            }
        } catch (RelayRefused e) {
            ctx.closeSession(TRY_AGAIN_LATER, WsSink.truncate(e.getMessage()));
        }
    }

    private Optional<RelaySession> forward(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    private void closed(WsCloseContext ctx) {
        String ip = slots.remove(ctx.sessionId());
        if (ip != null) {
            limits.release(ip);
        }
        RelaySession session = sessions.remove(ctx.sessionId());
        if (session != null) {
            session.browserClosed(ctx.status());
        }
        if (connectionLog != null) {
            connectionLog.closed(ctx.sessionId(), ctx.status(), ctx.reason());
        }
    }
}
