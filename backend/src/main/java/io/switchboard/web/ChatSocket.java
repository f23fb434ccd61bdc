package io.switchboard.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
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
import io.switchboard.runtime.Drainers;
import io.switchboard.security.Guard;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chat WebSocket, {@code /ws?room=R&nick=N&format=html|json[&resume=TOKEN&since=ID]}: each
 * connection is a member. The page (format=html) sends htmx ws-send JSON,
 * {@code {"message": "...", "HEADERS": {...}}}, and gets HTML fragments; programs (format=json)
 * send {@code {"text": "..."}} and get JSON events.
 *
 * <p>A page picks a random resume token when it loads and sends it on every connection. Coming
 * back with it after a lost connection, it takes over its old member if the server still holds
 * one (so the nick is free for it again), and with {@code since} it gets exactly the room's
 * messages after the last one it has.
 */
final class ChatSocket implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatSocket.class);
    // Chosen by the page from 128 random bits; anything else is not a token.
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private final Hub hub;
    private final Guard guard;
    private final Settings settings;
    // Members' drainers, a loop per core as for TCP: each hands a batch to Jetty and returns, so
    // no thread waits on a browser, and with --write-delay a loop's members are written together.
    private final EventLoopGroup writers = new DefaultEventLoopGroup(Runtime.getRuntime().availableProcessors(),
            new DefaultThreadFactory("ws-writer", true));
    private final Drainers drainers;
    private final ClientAddress clients;
    private final PageHeartbeat heartbeat = PageHeartbeat.fromSystemProperty();
    private final Map<String, Connection> connections = new ConcurrentHashMap<>(); // by session id
    private final Map<String, String> resumable = new ConcurrentHashMap<>(); // resume token -> session id
    private final Map<String, String> slots = new ConcurrentHashMap<>(); // session -> address holding a slot

    private record Connection(Member member, Session session, String token) { }

    ChatSocket(Hub hub, Guard guard, Settings settings, ClientAddress clients) {
        this.hub = hub;
        this.guard = guard;
        this.settings = settings;
        this.drainers = new Drainers(settings.writeDelay());
        this.clients = clients;
        heartbeat.start();
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
        if (!html) {
            ctx.enableAutomaticPings(30, TimeUnit.SECONDS); // keeps proxies and NATs from timing out idle programs
        }
        ClientAddress.Client client = clients.of(ctx.session);
        String ip = client.ip();
        String refusal = guard.connections().acquire(ip);
        if (refusal != null) {
            if (settings.logConnections()) {
                ConnectionLog.refused("ws", client.shown(), refusal);
            }
            ctx.closeSession(1013, refusal); // "try again later", with why
            return;
        }
        slots.put(ctx.sessionId(), ip);
        String token = ctx.queryParam("resume");
        token = token != null && TOKEN.matcher(token).matches() ? token : null;
        if (token != null) {
            takeOver(token);
        }
        Format<byte[]> encoding = html ? FrameFormat.HTML : FrameFormat.JSON;
        WsSink sink = new WsSink(ctx.session, html);
        Outbox<byte[]> outbox = new Outbox<>(encoding, sink, drainers.on(writers.next()), settings.outboxEvents(),
                settings.outboxBytes());
        sink.feeds(outbox);
        Peer peer = new Peer("ws", Side.BROWSER, client.shown(), Instant.now());
        Member member = hub.join(peer, outbox, blankToNull(ctx.queryParam("nick")), blankToNull(ctx.queryParam("room")),
                since(ctx.queryParam("since")));
        if (member == null) {
            ctx.closeSession(1001, "server is shutting down");
            return;
        }
        String id = ctx.sessionId();
        connections.put(id, new Connection(member, ctx.session, token));
        if (token != null) {
            resumable.put(token, id);
        }
        if (html) {
            heartbeat.watch(id, ctx.session, () -> gaveUp(id));
        }
    }

    /** The page's previous connection, if the server still holds it, leaves now: the page is back. */
    private void takeOver(String token) {
        String previous = resumable.remove(token);
        Connection old = previous == null ? null : connections.remove(previous);
        if (old != null) {
            heartbeat.forget(previous);
            hub.vanished(old.member(), "reconnected");
            old.session().disconnect();
        }
    }

    /** A page that stopped answering heartbeats: its connection is taken for dead. */
    private void gaveUp(String id) {
        Connection gone = connections.remove(id);
        if (gone != null) {
            if (gone.token() != null) {
                resumable.remove(gone.token(), id);
            }
            hub.vanished(gone.member(), "connection lost (no answer for a while)");
            gone.session().disconnect();
        }
    }

    /**
     * The member of the page that holds resume token {@code token}, or null: the page proves with it
     * that an upload is its own (the token never leaves the page, unlike a cookie).
     */
    Member pageMember(String token) {
        String session = token == null ? null : resumable.get(token);
        Connection connection = session == null ? null : connections.get(session);
        return connection == null ? null : connection.member();
    }

    private void received(WsMessageContext ctx) {
        heartbeat.heard(ctx.sessionId());
        Connection connection = connections.get(ctx.sessionId());
        if (connection == null) {
            return;
        }
        JsonNode frame = JsonInput.parse(ctx.message());
        if (frame != null && frame.has("heartbeat")) {
            return; // the page's answer: being heard from is all it is for
        }
        String text = textOf(frame);
        if (text == null) {
            hub.tell(connection.member(), new Event.Error("could not read that: send JSON like {\"text\": \"hello\"}"
                    + " (the page sends {\"message\": \"hello\"})", Instant.now()));
            return;
        }
        hub.handle(connection.member(), text);
    }

    private void closed(WsCloseContext ctx) {
        String ip = slots.remove(ctx.sessionId());
        if (ip != null) {
            guard.connections().release(ip);
        }
        heartbeat.forget(ctx.sessionId());
        Connection connection = connections.remove(ctx.sessionId());
        if (connection != null) {
            if (connection.token() != null) {
                resumable.remove(connection.token(), ctx.sessionId());
            }
            hub.vanished(connection.member(), ctx.status() == 1001 ? "closed the page" : "connection closed");
        }
    }

    @Override
    public void close() {
        heartbeat.close();
        writers.shutdownGracefully(0, 1, TimeUnit.SECONDS); // after the hub's shutdown has flushed members
    }

    /** The chat text of a frame: "text" from programs, "message" from htmx forms; null if neither. */
    private static String textOf(JsonNode node) {
        JsonNode text = node == null ? null : node.has("text") ? node.get("text") : node.get("message");
        return text != null && text.isTextual() ? text.asText() : null;
    }

    /** The last message id a returning page has, or -1 for a newcomer (or anything unreadable). */
    private static long since(String value) {
        try {
            return value == null ? -1 : Math.max(-1, Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
