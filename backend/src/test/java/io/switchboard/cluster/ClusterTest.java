package io.switchboard.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Settings;
import io.switchboard.testing.ClusterNodes;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RedisServer;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.TcpProxy;
import io.switchboard.testing.UdpClient;
import io.switchboard.testing.Waits;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two gateway nodes in one process sharing a real redis-server on loopback: members on
 * different nodes chat as if on one.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClusterTest {
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

    private RunningGateway node(String name, int redisPort) {
        return nodes.node(name, redisPort, 1000, Settings.forTests());
    }

    /** A TCP member on {@code node}, once it is called {@code nick}. */
    private LineClient member(RunningGateway node, String nick) throws Exception {
        LineClient client = keep(node.line()).send("/nick " + nick);
        client.awaitContaining("is now known as " + nick);
        return client;
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        return nodes.keep(closeable);
    }

    @Test
    void aTcpMemberOnOneNodeAndABrowserOnTheOtherChatBothWays() throws Exception {
        RunningGateway a = node("a", redis.port());
        RunningGateway b = node("b", redis.port());
        LineClient alice = member(a, "alice");
        WsClient bob = keep(b.json("bob"));

        // bob's roster, made on node b, has alice of node a in it.
        JsonNode roster = bob.awaitType("roster", e -> true);
        assertTrue(roster.toString().contains("\"nick\":\"alice\"") && roster.toString().contains("\"node\":\"a\""),
                roster.toString());
        String joined = alice.awaitContaining("bob joined #lobby (ws");
        assertTrue(joined.endsWith(" on node b)"), joined);

        alice.send("hello from tcp on a");
        bob.awaitType("message", e -> e.path("text").asText().equals("hello from tcp on a")
                && e.path("nick").asText().equals("alice"));
        bob.say("hello from a browser on b");
        alice.awaitLine("<bob> hello from a browser on b");

        // The page's roster on node b shows alice with her node.
        WsClient page = keep(b.html("carol"));
        page.awaitContaining("<span class=\"node\">on a</span>");
        alice.awaitContaining("carol joined #lobby (ws"); // presence reaches other nodes through Redis
        // /who on node a and the API on node b both list members of both nodes, with their node.
        alice.send("/who");
        alice.awaitContaining("#lobby has 3 members:");
        alice.awaitContaining("bob (ws ");
        String members = get(b, "/api/rooms/lobby/members");
        assertTrue(members.contains("\"nick\":\"alice\"") && members.contains("\"nick\":\"bob\""), members);
        assertTrue(members.contains("\"node\":\"a\"") && members.contains("\"node\":\"b\""), members);
        // Both nodes number the room's messages alike: ids come from the cluster.
        String onA = get(a, "/api/rooms/lobby/messages");
        String onB = get(b, "/api/rooms/lobby/messages");
        assertEquals(onA, onB);
        assertTrue(onA.contains("hello from tcp on a") && onA.contains("hello from a browser on b"), onA);
    }

    @Test
    void aDatagramMemberOnOneNodeChatsWithATerminalOnTheOther() throws Exception {
        RunningGateway a = node("a", redis.port());
        RunningGateway b = node("b", redis.port());
        LineClient bob = member(b, "bob");
        UdpClient probe = keep(new UdpClient(a.gateway.udpPort()));
        probe.send("/nick probe");
        probe.awaitContaining("is now known as probe");
        bob.awaitContaining("is now known as probe");
        probe.send("hello by datagram");
        bob.awaitLine("<probe> hello by datagram");
        bob.send("hello by tcp");
        probe.awaitContaining("<bob> hello by tcp");
        bob.send("/who");
        bob.awaitContaining("probe (udp ");
    }

    @Test
    void oneOrderPerRoomOnEveryNode() throws Exception {
        RunningGateway a = node("a", redis.port());
        RunningGateway b = node("b", redis.port());
        LineClient onA = member(a, "x");
        LineClient onB = member(b, "y");
        onA.awaitContaining("is now known as y");
        // Both talk at once; each node must show the same interleaving.
        for (int i = 0; i < 50; i++) {
            onA.send("a" + i);
            onB.send("b" + i);
        }
        for (LineClient c : List.of(onA, onB)) {
            Waits.until(() -> c.seen().contains("<x> a49") && c.seen().contains("<y> b49"), "both last lines");
        }
        assertEquals(chat(onA.seen()), chat(onB.seen()));
        assertEquals(100, chat(onA.seen()).size());
    }

    @Test
    void aNickIsUniqueAcrossTheCluster() throws Exception {
        RunningGateway a = node("a", redis.port());
        RunningGateway b = node("b", redis.port());
        LineClient alice = member(a, "Alice");
        WsClient other = keep(b.json("alice"));
        other.awaitType("error", e -> e.path("text").asText().contains("nick alice is taken"));
        LineClient third = keep(b.line()).send("/nick ALICE");
        third.awaitContaining("nick ALICE is taken");
        // Given back on leaving: then it can be had on the other node.
        alice.send("/quit");
        third.awaitContaining("Alice left #lobby");
        third.send("/nick alice");
        third.awaitContaining("is now known as alice");
    }

    @Test
    void aNodeStartedLaterShowsWhatWasSaidBefore() throws Exception {
        RunningGateway a = node("a", redis.port());
        LineClient alice = member(a, "alice");
        for (int i = 1; i <= 3; i++) {
            alice.send("before b " + i);
            alice.awaitLine("<alice> before b " + i);
        }
        RunningGateway b = node("b", redis.port());
        WsClient bob = keep(b.json("bob"));
        JsonNode history = bob.awaitType("history", e -> true);
        String text = history.toString();
        assertTrue(text.contains("before b 1") && text.contains("before b 2") && text.contains("before b 3"), text);
        assertTrue(text.indexOf("before b 1") < text.indexOf("before b 3"), text);
        // The API of node b pages the same history.
        assertTrue(get(b, "/api/rooms/lobby/messages?limit=2").contains("before b 3"));
    }

    @Test
    void roomsAndMovesAreSharedToo() throws Exception {
        RunningGateway a = node("a", redis.port());
        RunningGateway b = node("b", redis.port());
        LineClient alice = member(a, "alice");
        LineClient bob = member(b, "bob");
        alice.awaitContaining("is now known as bob");

        bob.send("/join dev");
        alice.awaitLine("-!- bob left #lobby (went to #dev)");
        bob.send("in dev");
        bob.awaitLine("<bob> in dev");
        // Node a has nobody in #dev, yet lists it, with bob, from the cluster.
        Waits.until(() -> {
            try {
                for (JsonNode room : WsClient.parse(get(a, "/api/rooms"))) {
                    if (room.path("name").asText().equals("dev") && room.path("members").asInt() == 1) {
                        return true;
                    }
                }
                return false;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "node a to list #dev");
        assertTrue(get(a, "/api/rooms/dev/members").contains("\"nick\":\"bob\""));
        alice.send("/join dev");
        alice.awaitContaining("#dev");
        alice.send("/who");
        alice.awaitContaining("#dev has 2 members:");
        alice.awaitContaining("bob (tcp ");
        bob.awaitContaining("alice joined #dev");
        // The scrollback on entering #dev on node a has node b's message.
        assertTrue(alice.seen().stream().anyMatch(l -> l.endsWith("] <bob> in dev")), alice.seen().toString());
    }

    @Test
    void privateMessagesReachAMemberOfAnotherNode() throws Exception {
        RunningGateway a = node("a", redis.port());
        RunningGateway b = node("b", redis.port());
        LineClient alice = member(a, "alice");
        LineClient bob = member(b, "bob");
        alice.send("/msg bob psst");
        bob.awaitLine("*alice* psst");
        alice.awaitLine("-> *bob* psst");
        alice.send("/msg nobody hello");
        alice.awaitContaining("no one is called nobody");
    }

    @Test
    void aNodeCutOffFromRedisChatsLocallyAndResumesWithoutLossOrDuplicates() throws Exception {
        TcpProxy link = keep(new TcpProxy(redis.port()));
        RunningGateway a = node("a", redis.port());
        RunningGateway b = node("b", link.port());
        LineClient alice = member(a, "alice");
        LineClient bob = member(b, "bob");
        LineClient carol = member(b, "carol");
        alice.awaitContaining("is now known as carol");

        link.cut();
        bob.awaitContaining("#lobby is degraded");
        assertTrue(get(b, "/healthz").contains("\"cluster\":\"degraded\""), get(b, "/healthz"));
        assertTrue(get(b, "/metrics").contains("switchboard_cluster_degraded 1.0"));
        assertTrue(get(b, "/metrics").contains("switchboard_cluster_link_losses_total 1.0"), get(b, "/metrics"));
        assertTrue(get(a, "/metrics").contains("switchboard_cluster_link_losses_total 0.0"), get(a, "/metrics"));
        // Degraded is reported, not a reason to leave the balancer: the node still serves its members.
        assertTrue(get(b, "/readyz").contains("\"cluster\":\"degraded\""), get(b, "/readyz"));
        assertTrue(get(b, "/readyz").contains("\"status\":\"ready\""), get(b, "/readyz"));
        assertTrue(get(a, "/healthz").contains("\"cluster\":\"linked\""), get(a, "/healthz"));
        bob.send("only on b");
        carol.awaitLine("<bob> only on b");
        alice.send("said while b was cut off");
        alice.awaitLine("<alice> said while b was cut off");

        link.mend();
        bob.awaitContaining("#lobby is whole again");
        assertTrue(get(b, "/healthz").contains("\"cluster\":\"linked\""), get(b, "/healthz"));
        assertTrue(get(b, "/readyz").contains("\"cluster\":\"linked\""), get(b, "/readyz"));
        // What Redis held while b was away arrives, once.
        bob.awaitLine("<alice> said while b was cut off");
        alice.send("after");
        bob.awaitLine("<alice> after");
        carol.awaitLine("<alice> after");
        bob.send("back");
        alice.awaitLine("<bob> back");
        assertEquals(1, count(bob.seen(), "<alice> said while b was cut off"));
        assertEquals(1, count(carol.seen(), "<alice> said while b was cut off"));
        assertEquals(1, count(bob.seen(), "<alice> after"));
        assertEquals(0, count(alice.seen(), "<bob> only on b"), "local chat stays local");
    }

    @Test
    void whatMembersDidWhileTheirNodeWasCutOffReachesTheClusterWhenTheLinkIsBack() throws Exception {
        TcpProxy link = keep(new TcpProxy(redis.port()));
        RunningGateway a = node("a", redis.port());
        RunningGateway b = node("b", link.port());
        LineClient alice = member(a, "alice");
        LineClient bob = member(b, "bob");
        LineClient dave = member(b, "dave");
        LineClient erin = member(b, "erin");
        alice.awaitContaining("is now known as erin");

        link.cut();
        bob.awaitContaining("#lobby is degraded");
        bob.send("/nick robert");
        bob.awaitContaining("is now known as robert");
        dave.send("/join dev").send("/who");
        dave.awaitContaining("#dev has 1 member:");
        erin.send("/quit");
        erin.awaitLine("-!- bye");
        // Nobody is in #empty on node b and Redis is away: a post is refused, not lost.
        HttpResponse<String> refused = post(b, "/api/rooms/empty/messages", "{\"nick\":\"bot\",\"text\":\"x\"}");
        assertEquals(503, refused.statusCode(), refused.body());

        link.mend();
        bob.awaitContaining("#lobby is whole again");
        Waits.until(() -> alice.seen().containsAll(List.of("-!- bob is now known as robert",
                "-!- dave left #lobby (went to #dev)", "-!- erin left #lobby (left while node b was cut off)")),
                "node a to learn what happened on node b");
        alice.send("/who");
        alice.awaitContaining("#lobby has 2 members:");
        // The nicks given up while cut off are free cluster-wide, the new one is taken.
        alice.send("/nick bob");
        alice.awaitContaining("alice is now known as bob");
        alice.send("/nick erin");
        alice.awaitContaining("bob is now known as erin");
        alice.send("/nick robert");
        alice.awaitContaining("nick robert is taken");
        // #dev came to life on node b while it was cut off: it is shared from now on.
        alice.send("/join dev").send("hi dev");
        dave.awaitLine("<erin> hi dev");
        dave.send("hi erin");
        alice.awaitLine("<dave> hi erin");
    }

    @Test
    void redisRestartedEmptyIsRejoinedWithoutDuplicates() throws Exception {
        RunningGateway a = node("a", redis.port());
        RunningGateway b = node("b", redis.port());
        LineClient alice = member(a, "alice");
        LineClient bob = member(b, "bob");
        alice.send("one");
        bob.awaitLine("<alice> one");

        redis.stop();
        alice.awaitContaining("#lobby is degraded");
        bob.awaitContaining("#lobby is degraded");
        alice.send("local on a");
        alice.awaitLine("<alice> local on a");

        redis.restart(); // empty: no persistence
        alice.awaitContaining("#lobby is whole again");
        bob.awaitContaining("#lobby is whole again");
        alice.send("two");
        bob.awaitLine("<alice> two");
        bob.send("three");
        alice.awaitLine("<bob> three");
        // Presence was re-registered: the nick is still bob's, cluster-wide.
        LineClient other = keep(a.line()).send("/nick bob");
        other.awaitContaining("nick bob is taken");
        assertEquals(1, count(bob.seen(), "<alice> one"));
        assertEquals(1, count(bob.seen(), "<alice> two"));
        assertEquals(1, count(alice.seen(), "<bob> three"));
        assertEquals(0, count(bob.seen(), "<alice> local on a"));
    }

    private static List<String> chat(List<String> lines) {
        return lines.stream().filter(l -> l.startsWith("<x> ") || l.startsWith("<y> ")).toList();
    }

    private static long count(List<String> lines, String exact) {
        return lines.stream().filter(exact::equals).count();
    }

    private static HttpResponse<String> post(RunningGateway node, String path, String json) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.http() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String get(RunningGateway node, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.http() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }
}
