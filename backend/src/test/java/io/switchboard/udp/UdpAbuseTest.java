package io.switchboard.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Settings;
import io.switchboard.config.UdpVerify;
import io.switchboard.security.Challenge;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.UdpClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The datagram port is no reflector and no way around its limits, while an innocent member chats on. */
@Timeout(60)
class UdpAbuseTest {
    private RunningGateway server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private UdpClient udp() throws IOException {
        return new UdpClient(server.gateway.udpPort());
    }

    private static int bytes(List<String> datagrams) {
        return datagrams.stream().mapToInt(d -> d.getBytes(StandardCharsets.UTF_8).length).sum();
    }

    @Test
    void anUnprovedAddressGetsAtMostThreeTimesItsBytesAndNoRoomTrafficUntilItEchoesItsToken() throws Exception {
        server = new RunningGateway(Settings.forTests().udpVerify(UdpVerify.ALWAYS).build());
        try (LineClient term = server.line("term"); UdpClient stranger = udp()) {
            stranger.send("x"); // 1 byte: owed 3, too few for anything
            stranger.send("/history 200"); // 13 bytes in all: owed 39, enough for the token
            String greeting = stranger.awaitContaining("-!- reply: /v ");
            assertEquals(1, stranger.seen().size(), "the first datagram got nothing: " + stranger.seen());
            assertTrue(bytes(stranger.seen()) <= 3 * 13, stranger.seen().toString());
            term.send("room traffic, not for an unproved address");
            term.awaitLine("<term> room traffic, not for an unproved address");
            stranger.send("/history 200");
            term.send("still chatting");
            term.awaitLine("<term> still chatting");
            assertFalse(term.seen().stream().anyMatch(l -> l.contains("joined")), "no member yet: " + term.seen());

            String token = greeting.substring(greeting.indexOf("/v ") + 3).strip();
            stranger.send("/v " + token);
            stranger.awaitContaining("welcome to Switchboard");
            term.awaitContaining("joined #lobby (udp 127.0.0.1:" + stranger.localPort() + ")");
            // The token, then what a member gets on joining (the room's history, now that it may see it).
            List<String> seen = stranger.seen();
            assertEquals(greeting, seen.get(0));
            assertTrue(seen.get(1).startsWith("-!- last 2 messages in #lobby") || seen.get(1).contains("welcome"),
                    "nothing but the token before the proof: " + seen);
            stranger.send("hello, proved");
            term.awaitContaining("> hello, proved");
        }
    }

    @Test
    void loopbackNeedsNoProofByDefaultAndNeverAlwaysAdmits() throws Exception {
        server = new RunningGateway(Settings.forTests().build()); // --udp-verify remote
        try (LineClient term = server.line("term"); UdpClient local = udp()) {
            local.send("from loopback");
            term.awaitContaining("> from loopback");
        }
        assertFalse(UdpVerify.REMOTE.required(java.net.InetAddress.getLoopbackAddress()));
        assertTrue(UdpVerify.REMOTE.required(java.net.InetAddress.getByName("192.0.2.1")));
        assertTrue(UdpVerify.ALWAYS.required(java.net.InetAddress.getLoopbackAddress()));
        assertFalse(UdpVerify.NEVER.required(java.net.InetAddress.getByName("192.0.2.1")));
    }

    @Test
    void leavingAndComingBackDoesNotRefillTheAddressesBudget() throws Exception {
        // 5 lines a second, 10 at once; every line of a datagram counts.
        server = new RunningGateway(Settings.forTests().udp(Duration.ofMinutes(1), 100, 5).build());
        try (LineClient term = server.line("term"); UdpClient flooder = udp()) {
            flooder.send("/nick flooder\n/quit");
            term.awaitLine("-!- flooder left #lobby (quit)");
            StringBuilder burst = new StringBuilder();
            for (int i = 1; i <= 12; i++) {
                burst.append("line ").append(i).append('\n');
            }
            flooder.send(burst.toString()); // a new member, the same address: about 8 lines are left
            flooder.awaitContaining("-!- error: slow down");
            term.send("marker");
            term.awaitLine("<term> marker"); // whatever of the burst got through is in front of this
            assertFalse(term.seen().stream().anyMatch(l -> l.endsWith("> line 12")), term.seen().toString());
            assertTrue(term.seen().stream().anyMatch(l -> l.endsWith("> line 1")), term.seen().toString());
        }
    }

    @Test
    void withASecretAStrangerGetsOneChallengeAndOneHintHoweverMuchItSends() throws Exception {
        String secret = "udp-abuse-secret";
        server = new RunningGateway(Settings.forTests().secret(secret, Duration.ofSeconds(20)).build());
        try (UdpClient stranger = udp()) {
            for (int i = 0; i < 10; i++) {
                stranger.send("knock " + i);
            }
            String challenge = stranger.awaitContaining("auth-challenge");
            stranger.awaitContaining("authenticate first");
            String hex = challenge.substring(challenge.indexOf("auth-challenge ") + "auth-challenge ".length()).strip();
            stranger.send("/auth " + Challenge.answerFor(secret, hex));
            stranger.awaitContaining("-!- authenticated");
            List<String> before = stranger.seen().subList(0, stranger.seen().indexOf("-!- authenticated\n"));
            assertEquals(2, before.size(), "a challenge and one hint for ten datagrams: " + before);
        }
    }
}
