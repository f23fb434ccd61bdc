package io.switchboard.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.switchboard.config.RelayTarget;
import io.switchboard.ops.ConnectionLog;
import io.switchboard.relay.RelayRegistry;
import io.switchboard.security.ConnectionLimits;
import java.util.Arrays;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeRequest;
import org.eclipse.jetty.ee10.websocket.server.JettyServerUpgradeResponse;

/**
 * The relay WebSocket, {@code /relay/NAME[?mode=binary|lines]}: each connection is piped to the
 * allow-listed target NAME. An unknown name gets 404 before the upgrade; the {@code binary}
 * subprotocol is answered when a client (noVNC, websockify clients) asks for it.
 *
 * <p>Javalin routes the upgrade and runs every check in front of it (host, key, origin, the 404),
 * as for {@code /ws}; the upgrade itself is then made by Jetty with a {@link RelayEndpoint}, mapped
 * on Jetty's WebSocket factory for this path, because Javalin's own endpoints demand the next
 * frame by themselves, and the relay must be able to stop reading the browser without a blocked thread.
 */
public final class RelaySocket {
    private static final String PROTOCOL_HEADER = "Sec-WebSocket-Protocol";
    private static final String PREFIX = "/relay/";

    private final RelayRegistry relays;
    private final ConnectionLimits limits;
    private final ConnectionLog.Relays connectionLog; // null: connections are not logged
    private final ClientAddress clients;

    private RelaySocket(RelayRegistry relays, ConnectionLimits limits, boolean logConnections, ClientAddress clients) {
        this.relays = relays;
        this.clients = clients;
        this.limits = limits;
        this.connectionLog = logConnections ? new ConnectionLog.Relays() : null;
    }

    /**
     * Adds {@code /relay/{name}} and the relay counters under {@code /api/relays} to the app;
     * relay connections count against the same connection caps as chat connections.
     */
    public static void register(JavalinConfig config, RelayRegistry relays, ConnectionLimits limits,
            boolean logConnections, ClientAddress clients) {
        RelaySocket socket = new RelaySocket(relays, limits, logConnections, clients);
        config.routes.wsBeforeUpgrade(PREFIX + "{name}", socket::beforeUpgrade);
        // Javalin needs a route to accept the upgrade at all; Jetty's mapping below then makes the endpoint.
        config.routes.ws(PREFIX + "{name}", ws -> { });
        config.jetty.modifyWebSocketServletFactory(factory -> factory.addMapping(PREFIX + "*", socket::endpoint));
        RelayApi.register(config.routes, relays);
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
            ctx.res().setHeader(PROTOCOL_HEADER, binaryOffered(offered) ? "binary" : null);
        }
    }

    /** Jetty's creator for a relay upgrade that passed every check. */
    private Object endpoint(JettyServerUpgradeRequest request, JettyServerUpgradeResponse response) {
        String path = request.getRequestURI().getPath();
        String name = path.substring(path.lastIndexOf(PREFIX) + PREFIX.length());
        RelayTarget target = relays.target(name).orElse(null);
        if (request.getSubProtocols().contains("binary")) {
            response.setAcceptedSubProtocol("binary");
        }
        return new RelayEndpoint(relays, limits, connectionLog, clients, target,
                RelayEndpoint.mode(request.getParameterMap().get("mode")));
    }

    private static boolean binaryOffered(String offered) {
        return Arrays.stream(offered.split(",")).map(String::strip).anyMatch("binary"::equals);
    }
}
