package io.switchboard.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.RelaySettings;
import io.switchboard.config.RelayTarget;
import io.switchboard.testing.RelayClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.UpperServer;
import io.switchboard.testing.Upstream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A browser WebSocket relayed to the seeds' upper-case server and to targets that misbehave. */
@Timeout(60)
class RelayTcpTest {
    private UpperServer upper;
    private RunningGateway server;

    @BeforeEach
    void startUpper() throws Exception {
        upper = new UpperServer();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        upper.close();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Binary messages until {@code expected} bytes have arrived; the relay may cut them anywhere. */
    private static String readBinary(RelayClient client, int expected) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        while (got.size() < expected) {
            got.writeBytes(client.nextBinary());
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helloBecomesHelloInBinaryModeAndBytesPassUntouched() {
        server = Relays.gateway(upper.target("upper"));
        try (RelayClient client = RelayClient.open(server.http(), "/relay/upper")) {
            client.send(utf8("hello\n"));
            assertEquals("HELLO\n", readBinary(client, 6));

            // A text frame goes upstream as its UTF-8 bytes; the answer comes back as bytes.
            client.send("world\n");
            assertEquals("WORLD\n", readBinary(client, 6));

            // A character split across two messages, and a zero-length message between them:
            // the relay adds nothing, drops nothing, and an empty message is not an end of stream.
            byte[] line = utf8("straße 小明\n");
            client.send(Arrays.copyOfRange(line, 0, 9)); // cuts 小 after its first byte
            client.send(new byte[0]);
            client.send(Arrays.copyOfRange(line, 9, line.length));
            assertEquals("STRASSE 小明\n", readBinary(client, utf8("STRASSE 小明\n").length));
            client.send(utf8("still open\n"));
            assertEquals("STILL OPEN\n", readBinary(client, 11));
            assertEquals(1, upper.accepted(), "one upstream connection per browser session");
        }
    }

    @Test
    void helloBecomesHelloInLinesMode() {
        server = Relays.gateway(upper.target("upper"));
        try (RelayClient client = RelayClient.open(server.http(), "/relay/upper?mode=lines")) {
            client.send("hello");
            assertEquals("HELLO", client.awaitText("HELLO"));
            client.send("小明 says grüß dich");
            client.awaitText("小明 SAYS GRÜSS DICH");
            // In lines mode an empty message is an empty line: it comes back as an empty message.
            client.send("");
            client.send("after the empty line");
            client.await(t -> true, "the empty line");
            client.awaitText("AFTER THE EMPTY LINE");
            assertTrue(client.closed().getNow(null) == null, "still open");
        }
        JsonNode stats = Relays.whenIdle(server, "upper");
        assertEquals(1, stats.path("sessions").asLong());
        assertTrue(stats.path("bytesUp").asLong() >= utf8("hello\n").length, stats.toString());
        assertTrue(stats.path("bytesDown").asLong() >= utf8("HELLO\n").length, stats.toString());
    }

    @Test
    void theBinarySubprotocolIsAnsweredWhenAskedAndOnlyThen() {
        server = Relays.gateway(upper.target("upper"));
        try (RelayClient asked = RelayClient.open(server.http(), "/relay/upper",
                Map.of("Sec-WebSocket-Protocol", "base64, binary"), true)) {
            assertEquals("binary", asked.handshake().header("Sec-WebSocket-Protocol"));
            asked.send(utf8("hi\n"));
            assertEquals("HI\n", readBinary(asked, 3));
        }
        try (RelayClient plain = RelayClient.open(server.http(), "/relay/upper")) {
            assertNull(plain.handshake().header("Sec-WebSocket-Protocol"));
        }
    }

    @Test
    void anUnknownTargetGets404BeforeTheUpgrade() throws Exception {
        server = Relays.gateway(upper.target("upper"));
        Request upgrade = new Request.Builder().url("http://127.0.0.1:" + server.http() + "/relay/elsewhere")
                .header("Connection", "Upgrade").header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13").header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .build();
        try (Response response = Relays.HTTP.newCall(upgrade).execute()) {
            assertEquals(404, response.code());
            assertNull(response.header("Sec-WebSocket-Accept"));
        }
        RelayClient.Close refused = RelayClient.openExpectingFailure(server.http(), "/relay/elsewhere");
        assertTrue(refused.reason().contains("404"), refused.toString());
        JsonNode error = Relays.get(server, "/api/relays/elsewhere", 404);
        assertEquals("no relay named elsewhere", error.path("error").asText());
        assertEquals(0, upper.accepted());
    }

    @Test
    void aRefusedUpstreamCloses1014WithTheReason() throws Exception {
        RelayTarget down = new RelayTarget("down", RelayTarget.Transport.TCP, "127.0.0.1", Upstream.closedPort());
        server = Relays.gateway(down);
        try (RelayClient client = RelayClient.open(server.http(), "/relay/down")) {
            RelayClient.Close close = client.awaitClose();
            assertEquals(1014, close.code());
            assertEquals("upstream " + down.uri() + " refused the connection", close.reason());
        }
        JsonNode stats = Relays.whenIdle(server, "down");
        assertEquals(1, stats.path("closes").path("1014").asLong(), stats.toString());
    }

    @Test
    void aSessionThatEndedGivesItsConnectionSlotBack() throws Exception {
        // Two connections per address: each session must hand its slot back once closed, or the
        // third would be refused with 1013. The relay reads the browser only on demand, and a
        // session that never connected never asked: its close handshake must still complete.
        RelayTarget down = new RelayTarget("down", RelayTarget.Transport.TCP, "127.0.0.1", Upstream.closedPort());
        server = new RunningGateway(io.switchboard.config.Settings.forTests().connections(1000, 2)
                .relay(RelaySettings.NONE.withTargets(List.of(down, upper.target("upper")))).build());
        for (int i = 0; i < 4; i++) {
            try (RelayClient client = RelayClient.open(server.http(), "/relay/down")) {
                assertEquals(1014, client.awaitClose().code(), "session " + i);
            }
            try (RelayClient client = RelayClient.open(server.http(), "/relay/upper?mode=lines")) {
                client.send("hi " + i);
                client.awaitText("HI " + i);
                client.closeNormally("done");
                assertEquals(1000, client.awaitClose().code(), "session " + i);
            }
        }
    }

    @Test
    void aMessageOverTheFrameLimitCloses1009() {
        server = Relays.gateway(upper.target("upper"));
        try (RelayClient client = RelayClient.open(server.http(), "/relay/upper")) {
            client.send(new byte[65536 + 1]);
            assertEquals(1009, client.awaitClose().code());
        }
        try (RelayClient client = RelayClient.open(server.http(), "/relay/upper?mode=lines")) {
            client.send("x".repeat(65536 + 1));
            assertEquals(1009, client.awaitClose().code());
        }
        JsonNode stats = Relays.whenIdle(server, "upper");
        assertEquals(2, stats.path("closes").path("1009").asLong(), stats.toString());
    }

    @Test
    void capsPerTargetAndInTotalClose1013AndAreCounted() throws Exception {
        try (UpperServer other = new UpperServer()) {
            server = Relays.gateway(RelaySettings.NONE.withTargets(List.of(upper.target("upper"), other.target("other")))
                    .withLimits(2, 1, RelaySettings.NONE.idle()));
            try (RelayClient first = RelayClient.open(server.http(), "/relay/upper?mode=lines")) {
                first.send("one");
                first.awaitText("ONE");
                try (RelayClient second = RelayClient.open(server.http(), "/relay/upper")) {
                    RelayClient.Close close = second.awaitClose();
                    assertEquals(1013, close.code());
                    assertTrue(close.reason().contains("upper already has 1 sessions"), close.reason());
                }
                try (RelayClient third = RelayClient.open(server.http(), "/relay/other?mode=lines")) {
                    third.send("two");
                    third.awaitText("TWO");
                    try (RelayClient fourth = RelayClient.open(server.http(), "/relay/other")) {
                        assertEquals(1013, fourth.awaitClose().code());
                    }
                }
            }
            assertEquals(1, Relays.stats(server, "upper").path("refused").asLong());
            JsonNode all = Relays.get(server, "/api/relays", 200);
            assertEquals(2, all.size());
            assertEquals("upper", all.get(0).path("name").asText());
            assertEquals(other.target("other").uri(), all.get(1).path("target").asText());
        }
    }

    @Test
    void anUnknownModeCloses1008() {
        server = Relays.gateway(upper.target("upper"));
        try (RelayClient client = RelayClient.open(server.http(), "/relay/upper?mode=base64")) {
            RelayClient.Close close = client.awaitClose();
            assertEquals(1008, close.code());
            assertEquals("mode must be binary or lines", close.reason());
        }
        assertEquals(0, upper.accepted());
    }

    @Test
    void aServerShutdownCloses1001() {
        server = Relays.gateway(upper.target("upper"));
        try (RelayClient client = RelayClient.open(server.http(), "/relay/upper?mode=lines")) {
            client.send("before");
            client.awaitText("BEFORE");
            server.close();
            RelayClient.Close close = client.awaitClose();
            assertEquals(1001, close.code());
            assertEquals("server shutting down", close.reason());
        }
        server = null;
    }

    @Test
    void theApiShowsEveryCounter() {
        server = Relays.gateway(upper.target("upper"));
        try (RelayClient client = RelayClient.open(server.http(), "/relay/upper")) {
            client.send(utf8("abc\n"));
            assertEquals("ABC\n", readBinary(client, 4));
            JsonNode live = Relays.stats(server, "upper");
            assertEquals(1, live.path("active").asLong());
            client.closeNormally("done");
            assertEquals(1000, client.awaitClose().code());
        }
        JsonNode stats = Relays.whenIdle(server, "upper");
        assertEquals(upper.target("upper").uri(), stats.path("target").asText());
        assertEquals(4, stats.path("bytesUp").asLong());
        assertEquals(4, stats.path("bytesDown").asLong());
        assertEquals(0, stats.path("queuedBytes").asLong());
        assertEquals(1, stats.path("closes").path("1000").asLong(), stats.toString());
        List<String> fields = new ArrayList<>();
        stats.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("name", "target", "active", "sessions", "refused", "bytesUp", "bytesDown", "queuedBytes",
                "peakQueuedUp", "peakQueuedDown", "closes"), fields);
    }
}
