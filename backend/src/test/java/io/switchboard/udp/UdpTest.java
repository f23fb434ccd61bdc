package io.switchboard.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Settings;
import io.switchboard.config.SettingsBuilder;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.UdpClient;
import io.switchboard.testing.Waits;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Datagram members in the same rooms as TCP and WebSocket members. */
@Timeout(60)
class UdpTest {
    private RunningGateway server;

    private RunningGateway start(SettingsBuilder settings) {
        server = new RunningGateway(settings.build());
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private UdpClient udp() throws IOException {
        return new UdpClient(server.gateway.udpPort());
    }

    @Test
    void datagramTcpAndWebSocketMembersChatInEveryDirection() throws Exception {
        start(Settings.forTests());
        try (LineClient term = server.line(); UdpClient dgram = udp()) {
            term.send("/nick term");
            WsClient web = server.json("webby");
            term.awaitContaining("webby joined");
            dgram.send("/nick 小明");
            dgram.awaitContaining("welcome to Switchboard");
            term.awaitContaining("joined #lobby (udp 127.0.0.1:" + dgram.localPort() + ")");
            term.await(l -> l.endsWith(" is now known as 小明"), "the datagram member's new nick");
            JsonNode joined = web.awaitType("join", e -> e.path("via").asText().equals("udp"));
            assertEquals("native", joined.path("side").asText());

            dgram.send("hello from a datagram");
            term.awaitLine("<小明> hello from a datagram");
            web.awaitType("message", e -> e.path("text").asText().equals("hello from a datagram")
                    && e.path("via").asText().equals("udp"));

            term.send("hi udp");
            assertEquals("<term> hi udp\n", dgram.awaitContaining("> hi udp"));
            web.say("hi udp from the web");
            assertEquals("<webby> hi udp from the web\n", dgram.awaitContaining("hi udp from the web"));

            dgram.send("/who");
            dgram.awaitContaining("#lobby has 3 members:");
            dgram.awaitContaining("小明 (udp 127.0.0.1:");
            web.close();
        }
    }

    @Test
    void thePageListsDatagramMembersAmongNativeClients() throws Exception {
        start(Settings.forTests());
        try (UdpClient dgram = udp()) {
            WsClient page = server.html("pat");
            page.awaitContaining("id=\"roster-native\"");
            dgram.send("/nick dora");
            String joined = page.await(f -> f.contains("id=\"roster-native\" hx-swap-oob=\"beforeend\""),
                    "the roster entry of the datagram member");
            assertTrue(joined.contains("data-via=\"udp\""), joined);
            assertTrue(joined.contains("127.0.0.1:" + dgram.localPort()), joined);
            // Joined and renamed may travel in one frame: look at everything received.
            Waits.until(() -> page.seen().stream().anyMatch(f -> f.contains(">dora</b>")), "the new nick on the page");
            page.close();
        }
    }

    @Test
    void severalLinesInOneDatagramAreSeveralMessagesAndEachLineComesBackAlone() throws Exception {
        start(Settings.forTests());
        try (LineClient term = server.line(); UdpClient dgram = udp()) {
            term.awaitContaining("welcome");
            dgram.send("one\ntwo\r\nthree\n");
            term.awaitContaining("> one");
            term.awaitContaining("> two");
            term.awaitContaining("> three");
            term.send("a\u001b[2J");
            String back = dgram.await(d -> d.endsWith("> a\n"), "the cleaned line");
            assertFalse(back.contains("\u001b"));
            dgram.send("/help");
            dgram.awaitContaining("/nick NAME");
            assertTrue(dgram.seen().stream().allMatch(d -> d.indexOf('\n') == d.length() - 1),
                    "one line per datagram: " + dgram.seen());
        }
    }

    @Test
    void silenceExpiresAMemberAndItsNextDatagramAdmitsItAgain() throws Exception {
        start(Settings.forTests().udp(Duration.ofMillis(400), 100, 50));
        try (LineClient term = server.line(); UdpClient dgram = udp()) {
            term.awaitContaining("welcome");
            dgram.send("/nick sleepy");
            term.awaitContaining("is now known as sleepy");
            term.awaitLine("-!- sleepy left #lobby (no datagram for 400ms)");
            dgram.send("back again");
            term.awaitContaining("joined #lobby (udp 127.0.0.1:" + dgram.localPort() + ")");
            term.awaitContaining("> back again");
        }
    }

    @Test
    void pingKeepsAMemberAliveAndQuitLeavesAtOnce() throws Exception {
        start(Settings.forTests().udp(Duration.ofMillis(600), 100, 1_000_000)); // pings here are paced only by the answers
        try (LineClient term = server.line(); UdpClient dgram = udp()) {
            term.awaitContaining("welcome");
            dgram.send("/nick pinger");
            term.awaitContaining("is now known as pinger");
            long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
            while (System.nanoTime() < until) {
                dgram.send("/ping");
                dgram.send("/who");
                // Each answer paces the pings: read all of it (header, guest1, pinger), or stale lines
                // would let the loop outrun the server and into the datagram rate limit.
                dgram.awaitContaining("#lobby has 2 members");
                dgram.awaitContaining("pinger (udp");
            }
            assertFalse(term.seen().stream().anyMatch(l -> l.contains("pinger left")));
            dgram.send("/quit done");
            term.awaitLine("-!- pinger left #lobby (quit: done)");
            dgram.awaitContaining("-!- bye");
        }
    }

    @Test
    void garbageEmptyAndOversizedDatagramsNeverStopTheEndpoint() throws Exception {
        start(Settings.forTests().udp(Duration.ofMinutes(1), 100, 1000));
        try (LineClient term = server.line(); UdpClient dgram = udp(); UdpClient other = udp()) {
            term.awaitContaining("welcome");
            dgram.sendRaw(new byte[0]);
            dgram.awaitContaining("welcome"); // an empty datagram is a datagram: it admits
            byte[] garbage = new byte[512];
            ThreadLocalRandom.current().nextBytes(garbage);
            dgram.sendRaw(garbage);
            dgram.sendRaw(new byte[] {(byte) 0xC3, 'o', 'k', '\n'});
            term.awaitContaining("> \uFFFDok");
            byte[] huge = new byte[65507]; // the largest UDP payload over IPv4
            java.util.Arrays.fill(huge, (byte) 'h');
            dgram.sendRaw(huge);
            dgram.awaitContaining("-!- error: line too long");
            other.send("still serving");
            term.awaitContaining("> still serving");
            assertFalse(term.seen().stream().anyMatch(l -> l.contains("hhhh")));
        }
    }

    @Test
    void aFloodFromOneAddressIsLimitedWithoutHurtingOthers() throws Exception {
        start(Settings.forTests().udp(Duration.ofMinutes(1), 100, 20));
        try (LineClient term = server.line(); UdpClient flood = udp(); UdpClient innocent = udp()) {
            term.awaitContaining("welcome");
            innocent.send("/nick innocent");
            term.awaitContaining("is now known as innocent");
            flood.send("/nick flood");
            term.awaitContaining("is now known as flood");
            for (int i = 0; i < 3000; i++) {
                flood.send("spam " + i);
            }
            flood.awaitContaining("-!- error: slow down: at most 20 lines a second from one address");
            // The kernel may still be dropping datagrams behind the flood: like any UDP program, say it again.
            int[] polls = {0};
            Waits.until(() -> {
                if (polls[0]++ % 40 == 0) {
                    try {
                        innocent.send("I am fine");
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return term.seen().contains("<innocent> I am fine");
            }, "the innocent's line in the room");
            long spam = term.seen().stream().filter(l -> l.startsWith("<flood> spam")).count();
            assertTrue(spam < 1000, spam + " of 3000 flood datagrams got through");
        }
    }

    @Test
    void overTheMemberCapNewAddressesGetOneErrorAndStayOut() throws Exception {
        start(Settings.forTests().udp(Duration.ofMinutes(1), 2, 50));
        try (LineClient term = server.line(); UdpClient a = udp(); UdpClient b = udp(); UdpClient c = udp()) {
            term.awaitContaining("welcome");
            a.send("/nick a1");
            term.awaitContaining("is now known as a1");
            b.send("/nick b1");
            term.awaitContaining("is now known as b1");
            c.send("let me in");
            c.awaitContaining("-!- error: the server has its maximum of 2 datagram members; try again later");
            c.send("please");
            a.send("/quit");
            term.awaitContaining("a1 left");
            c.send("now?");
            term.awaitContaining("> now?");
            assertEquals(1, c.seen().stream().filter(d -> d.contains("maximum of 2")).count());
            assertFalse(term.seen().stream().anyMatch(l -> l.contains("let me in") || l.contains("please")));
        }
    }
}
