package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP API over real HTTP: round trips, validation, errors as JSON, metrics that move. */
@Timeout(60)
class ApiTest {
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final MediaType JSON = MediaType.get("application/json");
    private RunningGateway server;

    record Reply(int status, String body) {
        JsonNode json() {
            return WsClient.parse(body);
        }
    }

    @BeforeEach
    void start() {
        server = new RunningGateway();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Reply get(String path) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(url(path)).build()).execute()) {
            return new Reply(r.code(), r.body().string());
        }
    }

    private Reply post(String path, String body) throws IOException {
        Request request = new Request.Builder().url(url(path)).post(RequestBody.create(body, JSON)).build();
        try (Response r = HTTP.newCall(request).execute()) {
            return new Reply(r.code(), r.body().string());
        }
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.http() + path;
    }

    private static void assertError(Reply reply, int status, String part) {
        assertEquals(status, reply.status(), reply.body());
        String error = reply.json().path("error").asText();
        assertTrue(error.contains(part), "error \"" + error + "\" mentions \"" + part + "\"");
    }

    @Test
    void aPostedMessageReachesEveryTransportAndTheHistory() throws Exception {
        try (LineClient term = server.line()) {
            WsClient web = server.json("webby");
            term.awaitContaining("webby joined");
            Reply created = post("/api/rooms/lobby/messages", "{\"nick\": \"deploybot\", \"text\": \"build 42 is green\"}");
            assertEquals(201, created.status(), created.body());
            assertEquals("api", created.json().path("via").asText());
            term.awaitLine("<deploybot> build 42 is green");
            JsonNode seen = web.awaitType("message", e -> e.path("nick").asText().equals("deploybot"));
            assertEquals("api", seen.path("via").asText());
            assertEquals(created.json().path("id").asText(), seen.path("id").asText());

            term.send("and a reply");
            web.awaitType("message", e -> e.path("text").asText().equals("and a reply"));
            JsonNode history = get("/api/rooms/lobby/messages?limit=2").json();
            assertEquals(2, history.size());
            assertEquals("build 42 is green", history.get(0).path("text").asText());
            assertEquals("and a reply", history.get(1).path("text").asText());
            JsonNode older = get("/api/rooms/lobby/messages?before=" + history.get(1).path("id").asText()).json();
            assertEquals("build 42 is green", older.get(older.size() - 1).path("text").asText());

            JsonNode members = get("/api/rooms/lobby/members").json();
            assertEquals(2, members.size());
            assertTrue(members.findValuesAsText("via").containsAll(java.util.List.of("tcp", "ws")));
            JsonNode rooms = get("/api/rooms").json();
            assertEquals("lobby", rooms.get(0).path("name").asText());
            assertEquals(2, rooms.get(0).path("members").asInt());
            web.close();
        }
    }

    @Test
    void aPostToAnEmptyRoomIsKeptForLater() throws Exception {
        assertEquals(201, post("/api/rooms/later/messages", "{\"nick\":\"cron\",\"text\":\"nightly done\"}").status());
        try (LineClient term = server.line()) {
            term.send("/join later");
            term.awaitLine("-!- last 1 messages in #later:");
            term.await(l -> l.endsWith("<cron> nightly done"), "the replayed post");
        }
    }

    @Test
    void badRequestsGetJsonErrorsWithTheRightStatus() throws Exception {
        assertError(post("/api/rooms/lobby/messages", "not json"), 400, "must be JSON");
        assertError(post("/api/rooms/lobby/messages", "[1,2]"), 400, "must be JSON");
        assertError(post("/api/rooms/lobby/messages", "{\"nick\":\"bot\"}"), 400, "\"text\" are needed");
        assertError(post("/api/rooms/lobby/messages", "{\"nick\":\"bot\",\"text\":7}"), 400, "as strings");
        assertError(post("/api/rooms/lobby/messages", "{\"nick\":\"no spaces\",\"text\":\"x\"}"), 400, "nick has only");
        assertError(post("/api/rooms/lobby/messages", "{\"nick\":\"bot\",\"text\":\"\\u001b[2J\"}"), 400, "empty");
        assertError(post("/api/rooms/lobby/messages", "{\"nick\":\"bot\",\"text\":\"" + "x".repeat(70_000) + "\"}"),
                413, "over 65536 bytes");
        assertError(post("/api/rooms/bad!/messages", "{\"nick\":\"bot\",\"text\":\"x\"}"), 400, "not a room name");
        assertError(get("/api/rooms/nowhere/members"), 404, "no one is in #nowhere");
        assertError(get("/api/rooms/lobby/messages?limit=0"), 400, "limit must be");
        assertError(get("/api/rooms/lobby/messages?limit=lots"), 400, "limit must be");
        assertError(get("/api/rooms/lobby/messages?before=-3"), 400, "before must be");
        assertError(get("/api/nothing/here"), 404, "no such API endpoint");
        try (LineClient term = server.line()) {
            term.send("/nick taken");
            term.awaitContaining("is now known as taken");
            assertError(post("/api/rooms/lobby/messages", "{\"nick\":\"TAKEN\",\"text\":\"x\"}"), 409,
                    "belongs to a connected member");
        }
    }

    @Test
    void healthAndMetricsMoveWhenMessagesFlow() throws Exception {
        assertEquals("ok", get("/healthz").json().path("status").asText());
        String before = get("/metrics").body();
        assertEquals(0.0, value(before, "switchboard_messages_in_total"));
        try (LineClient a = server.line(); LineClient b = server.line()) {
            a.send("one");
            a.send("two");
            b.awaitContaining("> two");
            String after = get("/metrics").body();
            assertEquals(2.0, value(after, "switchboard_messages_in_total"));
            assertEquals(2.0, value(after, "switchboard_members{transport=\"tcp\"}"));
            assertTrue(value(after, "switchboard_deliveries_total") >= 4.0, after);
            assertTrue(value(after, "switchboard_sent_bytes_total") > 0, after);
            assertTrue(after.contains("switchboard_members_dropped_total{reason=\"too_slow\"}"), after);
            assertTrue(after.contains("switchboard_outbox_pending"), after);
            assertTrue(after.contains("switchboard_history_lag"), after);
            assertTrue(after.contains("jvm_memory_used_bytes"), after);
            assertTrue(after.contains("switchboard_history_dropped_total"), after);
            assertEquals(2, get("/healthz").json().path("members").asInt());
        }
    }

    /** The value of one sample line in Prometheus text format. */
    private static double value(String scrape, String sample) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        throw new AssertionError("no sample " + sample + " in:\n" + scrape);
    }
}
