package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Settings;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.UdpClient;
import io.switchboard.testing.Waits;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each cap refuses with a reason while an innocent member keeps chatting. */
@Timeout(90)
class LimitsTest {
    private RunningGateway server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aFloodOfConnectionsFromOneAddressStopsAtItsCap() throws Exception {
        server = new RunningGateway(Settings.forTests().connections(1000, 10).build());
        // 127.0.0.2 is another loopback host: the innocent member is not the flooder's address.
        try (LineClient innocent = new LineClient(server.tcp(), true, "127.0.0.2").awaitAdmitted()) {
            List<LineClient> flood = new ArrayList<>();
            try {
                for (int i = 0; i < 100; i++) {
                    flood.add(new LineClient(server.tcp()));
                }
                Waits.until(() -> flood.stream().allMatch(c -> c.seen().stream().anyMatch(
                        l -> l.contains("welcome") || l.startsWith("-!- error"))), "every flood connection answered");
                long admitted = flood.stream().filter(c -> c.seen().stream().anyMatch(l -> l.contains("welcome")))
                        .count();
                List<LineClient> refused = flood.stream().filter(c -> c.seen().get(0).startsWith("-!- error"))
                        .toList();
                assertEquals(10, admitted, "exactly the cap is admitted");
                assertEquals(90, refused.size());
                assertEquals("-!- error: too many connections from 127.0.0.1 (at most 10); close one first",
                        refused.get(0).seen().get(0));
                for (LineClient c : refused) {
                    c.ended().get(10, TimeUnit.SECONDS); // refused sockets are closed: nothing piles up
                }
                assertEquals(10 + 1, server.gateway.hub().size());
                innocent.send("/nick innocent");
                innocent.send("still here");
                innocent.awaitContaining("<innocent> still here");
            } finally {
                for (LineClient c : flood) {
                    c.close();
                }
            }
            // Slots are given back: once the flood is gone, the address may connect again. A slot is
            // held until its connection is closed, which comes after the member has left (its last
            // words are written first), so this asks until one is admitted.
            Waits.until(() -> server.gateway.hub().size() == 1, "the flood's members are gone");
            Waits.until(this::admitsAgain, "a new connection from the flood's address is admitted");
        }
    }

    /** Connects once from 127.0.0.1: true if admitted, false if refused for a slot not yet given back. */
    private boolean admitsAgain() {
        try (LineClient c = new LineClient(server.tcp())) {
            Waits.until(() -> c.seen().stream().anyMatch(l -> l.contains("welcome") || l.startsWith("-!- error")),
                    "an answer");
            return c.seen().stream().anyMatch(l -> l.contains("welcome"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void theTotalConnectionCapRefusesWithAReason() throws Exception {
        server = new RunningGateway(Settings.forTests().connections(3, 100).build());
        try (LineClient a = server.line(); LineClient b = server.line(); LineClient c = server.line();
                LineClient d = new LineClient(server.tcp())) {
            d.awaitLine("-!- error: the server has its maximum of 3 connections; try again later");
            d.ended().get(10, TimeUnit.SECONDS);
            a.send("the three of us");
            c.awaitContaining("> the three of us");
        }
    }

    @Test
    void aWebSocketOverTheCapIsClosedWith1013AndTheReason() throws Exception {
        server = new RunningGateway(Settings.forTests().connections(1000, 2).build());
        try (LineClient first = server.line(); LineClient second = server.line()) {
            WsClient third = new WsClient(server.http(), "/ws?format=json&nick=third");
            assertEquals(1013, third.closed().get(10, TimeUnit.SECONDS));
            first.send("unbothered");
            second.awaitContaining("> unbothered");
        }
    }

    @Test
    void relayConnectionsCountAgainstTheSameCaps() throws Exception {
        server = new RunningGateway(Settings.forTests().connections(1000, 2)
                .relay(io.switchboard.config.RelaySettings.parse(java.util.List.of("nowhere=tcp://127.0.0.1:9"), 10, 10,
                        java.time.Duration.ofMinutes(1)))
                .build());
        try (LineClient first = server.line(); LineClient second = server.line()) {
            WsClient relay = new WsClient(server.http(), "/relay/nowhere");
            assertEquals(1013, relay.closed().get(10, TimeUnit.SECONDS), "over the per-address cap");
            first.send("unbothered");
            second.awaitContaining("> unbothered");
        }
    }

    @Test
    void datagramMembersPerAddressAreCapped() throws Exception {
        server = new RunningGateway(Settings.forTests().connections(1000, 2).build());
        try (UdpClient a = new UdpClient(server.gateway.udpPort()); UdpClient b = new UdpClient(server.gateway.udpPort());
                UdpClient c = new UdpClient(server.gateway.udpPort())) {
            a.send("a");
            a.awaitContaining("welcome");
            b.send("b");
            b.awaitContaining("welcome");
            c.send("c");
            assertTrue(c.awaitContaining("-!- error:").contains("too many datagram members from 127.0.0.1 (at most 2)"));
            a.send("still fine");
            b.awaitContaining("> still fine");
            a.send("/quit");
            a.awaitContaining("-!- bye");
            b.awaitContaining("left #lobby");
            // A member that left frees its address's place once its farewell is out: ask until admitted.
            io.switchboard.testing.Waits.until(() -> {
                try {
                    c.send("my turn");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return c.seen().stream().anyMatch(d -> d.contains("welcome"));
            }, "the third address admitted after the first left");
        }
    }

    @Test
    void aMemberOverItsMessageRateIsToldAndOthersAreNot() throws Exception {
        server = new RunningGateway(Settings.forTests().messageRate(5).build());
        try (LineClient flooder = server.line(); LineClient innocent = server.line()) {
            innocent.send("/nick innocent");
            innocent.awaitContaining("is now known as innocent");
            StringBuilder burst = new StringBuilder();
            for (int i = 0; i < 30; i++) {
                burst.append("spam ").append(i).append("\r\n");
            }
            flooder.sendRaw(burst.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            flooder.awaitContaining("-!- error: slow down: at most 5 messages a second; this one was dropped");
            innocent.send("I am fine");
            innocent.awaitLine("<innocent> I am fine");
            long through = innocent.seen().stream().filter(l -> l.contains("> spam ")).count();
            assertTrue(through < 30, through + " of 30 got through");
        }
    }
}
