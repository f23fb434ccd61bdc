package io.switchboard.web;

import io.switchboard.config.RelayTarget;
import io.switchboard.ops.ConnectionLog;
import io.switchboard.relay.Mode;
import io.switchboard.relay.RelayRefused;
import io.switchboard.relay.RelayRegistry;
import io.switchboard.relay.RelaySession;
import io.switchboard.security.ConnectionLimits;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relay WebSocket, as Jetty sees it. It is not auto-demanding: Jetty reads the browser's next
 * frame only when the relay session asks ({@link WsDownstream#demand}), so a slow upstream pauses
 * the browser through TCP flow control without holding a thread; and a binary message's buffer is
 * handed upstream as it is, released (its callback completed) once the upstream socket has it.
 * Pings and pongs are left to Jetty (it answers and demands again on its own for those). Public
 * only because Jetty calls it through method handles.
 */
public final class RelayEndpoint implements Session.Listener {
    private static final Logger log = LoggerFactory.getLogger(RelayEndpoint.class);
    private static final int TRY_AGAIN_LATER = 1013;
    private static final int POLICY = 1008;
    /**
     * Bytes one read of the browser's socket takes: many frames at once. Jetty's default (4 KiB)
     * cut every message of 4 KiB or more across reads, and a copy put its pieces together again.
     * 64 KiB is the largest buffer Jetty's pool keeps; it is the pool's and only while being parsed.
     */
    private static final int INPUT_BUFFER = 64 * 1024;

    private final RelayRegistry relays;
    private final ConnectionLimits limits;
    private final ConnectionLog.Relays connectionLog; // null: connections are not logged
    private final ClientAddress clients;
    private final RelayTarget target; // null: not allow-listed (the upgrade check let it through only if it is)
    private final Mode mode; // null: an unknown ?mode=
    private final String id = UUID.randomUUID().toString();
    private String ip; // holds a connection slot while set
    private RelaySession relay;

    RelayEndpoint(RelayRegistry relays, ConnectionLimits limits, ConnectionLog.Relays connectionLog,
            ClientAddress clients, RelayTarget target, Mode mode) {
        this.relays = relays;
        this.limits = limits;
        this.connectionLog = connectionLog;
        this.clients = clients;
        this.target = target;
        this.mode = mode;
    }

    /** The {@code ?mode=} of an upgrade request: absent is binary; null when unknown. */
    static Mode mode(List<String> values) {
        return Mode.of(values == null || values.isEmpty() ? null : values.get(0));
    }

    @Override
    public void onWebSocketOpen(Session session) {
        if (target == null || mode == null) {
            session.close(POLICY, target == null ? "no such relay" : "mode must be binary or lines", Callback.NOOP);
            return;
        }
        ClientAddress.Client client = clients.of(session); // behind --trusted-proxy: the forwarded client
        String address = client.ip();
        String refusal = limits.acquire(address);
        if (refusal != null) {
            session.close(TRY_AGAIN_LATER, WsSink.truncate(refusal), Callback.NOOP);
            return;
        }
        ip = address;
        int max = relays.maxMessageBytes(target);
        session.setMaxBinaryMessageSize(max); // Jetty closes with 1009 past these
        session.setMaxTextMessageSize(max);
        session.setInputBufferSize(INPUT_BUFFER);
        // The relay's own idle timeout acts first and says why; Jetty's is only a backstop.
        session.setIdleTimeout(relays.idle().plus(Duration.ofMinutes(1)));
        try {
            relay = relays.open(target, mode, new WsDownstream(session)); // asks for the first message once connected
            if (connectionLog != null) {
                connectionLog.opened(id, client.shown(), target.name());
            }
        } catch (RelayRefused e) {
            session.close(TRY_AGAIN_LATER, WsSink.truncate(e.getMessage()), Callback.NOOP);
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        if (relay == null) {
            callback.succeed();
            return;
        }
        relay.fromBrowser(payload, callback::succeed);
    }

    @Override
    public void onWebSocketText(String text) {
        if (relay != null) {
            relay.fromBrowser(text);
        }
    }

    @Override
    public void onWebSocketClose(int code, String reason) {
        if (ip != null) {
            limits.release(ip);
            ip = null;
        }
        RelaySession ended = relay;
        relay = null;
        if (ended != null) {
            ended.browserClosed(code);
        }
        if (connectionLog != null) {
            connectionLog.closed(id, code, reason);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        log.debug("relay ws {}: {}", id, String.valueOf(cause));
    }
}
