package io.switchboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.websocket.WsCloseContext;
import io.javalin.websocket.WsConfig;
import io.javalin.websocket.WsConnectContext;
import io.javalin.websocket.WsMessageContext;
import io.switchboard.config.Settings;
import io.switchboard.core.Event;
import io.switchboard.core.Format;
import io.switchboard.core.Hub;
import io.switchboard.core.Member;
import io.switchboard.core.Outbox;
import io.switchboard.core.Peer;
import io.switchboard.core.Side;
import io.switchboard.ops.ConnectionLog;
import io.switchboard.security.Guard;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat WebSocket, {@code /ws?room=R&nick=N&format=html|json}: each connection is a member.
 * The page (format=html) sends htmx ws-send JSON, {@code {"message": "...", "HEADERS": {...}}},
 * and gets HTML fragments; programs (format=json) send {@code {"text": "..."}} and get JSON events.
 */
final class ChatSocket {
    private static final Logger log = LoggerFactory.getLogger(ChatSocket.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Hub hub;
    private final Guard guard;
    private final Settings settings;
    private final Executor writers;
    private final Map<String, Member> members = new ConcurrentHashMap<>();

    private final Map<String, String> slots = new ConcurrentHashMap<>(); // session -> address holding a slot

    ChatSocket(Hub hub, Guard guard, Settings settings, Executor writers) {
        this.hub = hub;
        this.guard = guard;
        this.settings = settings;
        this.writers = writers;
    }

    void configure(WsConfig ws) {
        ws.onConnect(this::connected);
        ws.onMessage(this::received);
        ws.onClose(this::closed);
        ws.onError(ctx -> log.debug("ws {}: {}", ctx.sessionId(), String.valueOf(ctx.error())));
    }

    private void connected(WsConnectContext ctx) {
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        boolean html = format.equals("html");
        if (!html && !format.equals("json")) {
            ctx.closeSession(1008, "format must be html or json");
            return;
        }
        ctx.session.setMaxTextMessageSize(settings.maxFrameBytes());
        ctx.session.setIdleTimeout(Duration.ofMinutes(10));
        ctx.enableAutomaticPings(30, TimeUnit.SECONDS); // keeps proxies and NATs from timing out idle tabs
        String ip = Remote.ip(ctx.session.getRemoteSocketAddress());
        String refusal = guard.connections().acquire(ip);
        if (refusal != null) {
            if (settings.logConnections()) {
                ConnectionLog.refused("ws", Remote.ipAndPort(ctx.session.getRemoteSocketAddress()), refusal);
            }
            ctx.closeSession(1013, refusal); // "try again later", with why
            return;
        }
        slots.put(ctx.sessionId(), ip);
        Format<byte[]> encoding = html ? FrameFormat.HTML : FrameFormat.JSON;
        Outbox<byte[]> outbox = new Outbox<>(encoding, new WsSink(ctx.session, html), writers,
                settings.outboxEvents(), settings.outboxBytes());
        Peer peer = new Peer("ws", Side.BROWSER, Remote.ipAndPort(ctx.session.getRemoteSocketAddress()), Instant.now());
        Member member = hub.join(peer, outbox, blankToNull(ctx.queryParam("nick")), blankToNull(ctx.queryParam("room")));
        if (member == null) {
            ctx.closeSession(1001, "server is shutting down");
            return;
        }
        members.put(ctx.sessionId(), member);
    }

    private void received(WsMessageContext ctx) {
        Member member = members.get(ctx.sessionId());
        if (member == null) {
            return;
        }
        String text = textOf(ctx.message());
        if (text == null) {
            hub.tell(member, new Event.Error("could not read that: send JSON like {\"text\": \"hello\"}"
                    + " (the page sends {\"message\": \"hello\"})", Instant.now()));
            return;
        }
        hub.handle(member, text);
    }

    private void closed(WsCloseContext ctx) {
        String ip = slots.remove(ctx.sessionId());
        if (ip != null) {
            guard.connections().release(ip);
        }
        Member member = members.remove(ctx.sessionId());
        if (member != null) {
            hub.vanished(member, ctx.status() == 1001 ? "closed the page" : "connection closed");
        }
    }

    /** The chat text of a frame: "text" from programs, "message" from htmx forms; null if neither. */
    private static String textOf(String frame) {
        try {
            JsonNode node = JSON.readTree(frame);
            JsonNode text = node == null ? null : node.has("text") ? node.get("text") : node.get("message");
            return text != null && text.isTextual() ? text.asText() : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
