package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Settings;
import io.switchboard.testing.ClusterNodes;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RedisServer;
import io.switchboard.testing.RunningGateway;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/** What one user can do to a cluster: post under another node's member's nick, or grow Redis without end. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterLimitsTest {
    private ClusterNodes nodes;
    private RedisServer redis;

    @BeforeEach
    void redis() throws Exception {
        nodes = ClusterNodes.start();
        redis = nodes.redis();
    }

    @AfterEach
    void close() throws Exception {
        nodes.close();
    }

    private RunningGateway node(String name, int historyTotal) {
        return nodes.node(name, redis.port(), 100, Settings.forTests().historyTotal(historyTotal));
    }

    @Test
    void anApiPostCannotTakeTheNickOfAMemberOnAnotherNode() throws Exception {
        RunningGateway a = node("a", 1_000_000);
        RunningGateway b = node("b", 1_000_000);
        LineClient alice = nodes.keep(a.line("alice"));
        nodes.keep(b.line("bob"));

        HttpResponse<String> posed = post(b, "lobby", "{\"nick\":\"ALICE\",\"text\":\"i am alice\"}");
        assertEquals(409, posed.statusCode(), posed.body());
        assertTrue(posed.body().contains("another node"), posed.body());
        // The innocent chat goes on, and the forged line reached no one.
        HttpResponse<String> fine = post(b, "lobby", "{\"nick\":\"bot\",\"text\":\"a real bot\"}");
        assertEquals(201, fine.statusCode(), fine.body());
        alice.awaitLine("<bot> a real bot");
        assertFalse(alice.seen().contains("<ALICE> i am alice"), alice.seen().toString());
    }

    @Test
    void redisKeepsTheStreamsOfABoundedNumberOfRooms() throws Exception {
        // 300 messages in all with 100 per stream: the streams of three rooms.
        RunningGateway a = node("a", 300);
        for (int i = 1; i <= 8; i++) {
            HttpResponse<String> posted = post(a, "r" + i, "{\"nick\":\"bot\",\"text\":\"into r" + i + "\"}");
            assertEquals(201, posted.statusCode(), posted.body());
        }
        try (Jedis jedis = new Jedis("127.0.0.1", redis.port())) {
            List<String> streams = new ArrayList<>(jedis.keys("sb:room:r*"));
            assertTrue(streams.size() <= 3, streams.toString());
            assertTrue(streams.contains("sb:room:r8"), streams.toString());
            assertFalse(streams.contains("sb:room:r1"), streams.toString());
        }
        // The newest room still has its message.
        assertTrue(get(a, "/api/rooms/r8/messages").contains("into r8"));
    }

    private static HttpResponse<String> post(RunningGateway node, String room, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.http() + "/api/rooms/" + room + "/messages"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String get(RunningGateway node, String path) throws Exception {
        return HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.http() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
