package io.switchboard.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.RelaySettings;
import io.switchboard.config.RelayTarget;
import io.switchboard.testing.RelayClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.UdpUpperServer;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A browser WebSocket relayed to a UDP server: a message is a datagram, both ways; silence ends it. */
@Timeout(60)
class RelayUdpTest {
    private UdpUpperServer upper;
    private RunningGateway server;

    @BeforeEach
    void startUpper() throws Exception {
        upper = new UdpUpperServer();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        upper.close();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eachMessageIsOneDatagramAndEachDatagramOneMessage() {
        server = Relays.gateway(upper.target("udp-upper"));
        try (RelayClient client = RelayClient.open(server.http(), "/relay/udp-upper")) {
            client.send(utf8("hello"));
            client.send("小明 two"); // a text message is a datagram of its UTF-8 bytes
            client.send(utf8("three\nlines\nin one"));
            // Boundaries are kept: three datagrams back, three messages, never merged or split.
            assertEquals("HELLO", new String(client.nextBinary(), StandardCharsets.UTF_8));
            assertEquals("小明 TWO", new String(client.nextBinary(), StandardCharsets.UTF_8));
            assertEquals("THREE\nLINES\nIN ONE", new String(client.nextBinary(), StandardCharsets.UTF_8));
            assertEquals(3, upper.received());
        }
        try (RelayClient lines = RelayClient.open(server.http(), "/relay/udp-upper?mode=lines")) {
            lines.send("hello\n");
            lines.awaitText("HELLO"); // a datagram as text, its trailing line end dropped
        }
        JsonNode stats = Relays.whenIdle(server, "udp-upper");
        assertEquals(2, stats.path("sessions").asLong());
        assertEquals(utf8("hello小明 twothree\nlines\nin onehello\n").length, stats.path("bytesUp").asLong());
    }

    @Test
    void aSilentSessionEndsAfterTheIdleTimeout() {
        server = Relays.gateway(RelaySettings.NONE.withTargets(List.of(upper.target("udp-upper")))
                .withLimits(10, 10, Duration.ofMillis(300)));
        try (RelayClient client = RelayClient.open(server.http(), "/relay/udp-upper?mode=lines")) {
            client.send("ping");
            client.awaitText("PING");
            RelayClient.Close close = client.awaitClose();
            assertEquals(1001, close.code());
            assertEquals("idle for 300 ms", close.reason());
        }
        JsonNode stats = Relays.whenIdle(server, "udp-upper");
        assertEquals(1, stats.path("closes").path("1001").asLong(), stats.toString());
    }

    @Test
    void aClosedUdpPortCloses1014() throws Exception {
        int closed;
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            closed = probe.getLocalPort();
        }
        RelayTarget nowhere = new RelayTarget("nowhere", RelayTarget.Transport.UDP, "127.0.0.1", closed);
        server = Relays.gateway(nowhere);
        try (RelayClient client = RelayClient.open(server.http(), "/relay/nowhere")) {
            client.send(utf8("anyone?"));
            RelayClient.Close close = client.awaitClose();
            assertEquals(1014, close.code());
            assertEquals("upstream " + nowhere.uri() + " is unreachable (nothing listens on that port)", close.reason());
        }
    }

    @Test
    void aMessageLargerThanADatagramCloses1009() {
        server = Relays.gateway(upper.target("udp-upper"));
        try (RelayClient client = RelayClient.open(server.http(), "/relay/udp-upper")) {
            client.send(new byte[65_507]); // the largest datagram goes through
            assertEquals(65_507, client.nextBinary().length);
            client.send(new byte[65_508]);
            assertEquals(1009, client.awaitClose().code());
        }
        assertTrue(Relays.whenIdle(server, "udp-upper").path("closes").has("1009"));
    }
}
