package io.switchboard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** An OkHttp WebSocket client that collects text frames for the test to wait on. */
public final class WsClient implements AutoCloseable {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().readTimeout(0, TimeUnit.MILLISECONDS).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final List<String> seen = Collections.synchronizedList(Waits.list());
    private final List<String> all = Collections.synchronizedList(Waits.list());
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private final WebSocket socket;

    /** Connects to {@code path} (e.g. "/ws?format=json&nick=alice") and waits for the upgrade. */
    public WsClient(int port, String path) {
        this(port, path, java.util.Map.of());
    }

    /** Connects with extra request headers (Cookie, Origin...) and waits for the upgrade. */
    public WsClient(int port, String path, java.util.Map<String, String> headers) {
        Request.Builder builder = new Request.Builder().url("ws://127.0.0.1:" + port + path);
        headers.forEach(builder::header);
        Request request = builder.build();
        socket = HTTP.newWebSocket(request, new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                opened.complete(null);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                all.add(text);
                frames.add(text);
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                webSocket.close(1000, null);
                closed.complete(code);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                closed.complete(code);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                opened.completeExceptionally(t);
                closed.complete(-1);
            }
        });
        opened.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /**
     * Tries an upgrade that is expected to be refused and returns the HTTP status of the refusal
     * (101 if it was accepted after all).
     */
    public static int refusedStatus(int port, String path, java.util.Map<String, String> headers) {
        Request.Builder builder = new Request.Builder().url("ws://127.0.0.1:" + port + path);
        headers.forEach(builder::header);
        CompletableFuture<Integer> status = new CompletableFuture<>();
        HTTP.newWebSocket(builder.build(), new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                status.complete(response.code());
                webSocket.close(1000, null);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                status.complete(response == null ? -1 : response.code());
            }
        });
        return status.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Sends a program's chat frame: {"text": ...}. */
    public void say(String text) {
        send(JSON.createObjectNode().put("text", text).toString());
    }

    /** Sends what the page's htmx form sends: {"message": ..., "HEADERS": {...}}. */
    public void submit(String message) {
        var node = JSON.createObjectNode().put("message", message);
        node.putObject("HEADERS").put("HX-Request", "true");
        send(node.toString());
    }

    public void send(String frame) {
        if (!socket.send(frame)) {
            throw new AssertionError("websocket is closed, could not send " + frame);
        }
    }

    /** The next frame that matches, skipping others. */
    public String await(Predicate<String> wanted, String what) {
        return Waits.next(frames, seen, wanted, Waits.DEFAULT, what + " on websocket");
    }

    public String awaitContaining(String part) {
        return await(frame -> frame.contains(part), "a frame containing " + part);
    }

    /** The next JSON event matching, for format=json clients. */
    public JsonNode awaitEvent(Predicate<JsonNode> wanted, String what) {
        String frame = await(text -> wanted.test(parse(text)), what);
        return parse(frame);
    }

    public JsonNode awaitType(String type, Predicate<JsonNode> wanted) {
        return awaitEvent(e -> type.equals(e.path("type").asText()) && wanted.test(e), "a " + type + " event");
    }

    /**
     * Waits until the member is in its room (its roster arrived), without consuming anything;
     * the upgrade completes before the hub admits the member.
     */
    public WsClient awaitAdmitted() {
        Waits.until(() -> seen().stream().anyMatch(f -> f.contains("\"type\":\"roster\"")
                || f.contains("id=\"roster-native\"")), "the member's roster");
        return this;
    }

    /** Every frame received so far, whether or not a wait has consumed it. */
    public List<String> seen() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    /** The close code the server sent (or -1 on failure). */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public void close() {
        socket.close(1000, "test done");
    }

    public static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
