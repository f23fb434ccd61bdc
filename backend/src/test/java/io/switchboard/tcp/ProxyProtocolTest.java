package io.switchboard.tcp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Settings;
import io.switchboard.config.SettingsBuilder;
import io.switchboard.config.TrustedProxies;
import io.switchboard.security.Challenge;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The PROXY protocol on the TCP port: from a --trusted-proxy (the test's 127.0.0.1) the header's
 * source is the member's address, for the roster, the per-address cap and the /auth throttle;
 * from anyone else (127.0.0.2 here) a header is refused, and it never becomes a nick or a message.
 * An innocent member on 127.0.0.2 chats throughout.
 */
@Timeout(60)
class ProxyProtocolTest {
    private static final String SECRET = "correct horse battery staple";
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    private RunningGateway server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private RunningGateway start(SettingsBuilder settings) {
        server = new RunningGateway(settings.trustedProxies(TrustedProxies.parse(List.of("127.0.0.1/32"))).build());
        return server;
    }

    private LineClient innocent() throws Exception {
        LineClient innocent = new LineClient(server.tcp(), true, "127.0.0.2").awaitAdmitted();
        innocent.send("/nick innocent");
        innocent.awaitContaining("is now known as innocent");
        return innocent;
    }

    /** A connection from the proxy's address (127.0.0.1), which has sent nothing yet. */
    private LineClient viaProxy() throws Exception {
        return new LineClient(server.tcp());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A v2 header per the spec: signature, version 2 and command, family and transport, length, addresses. */
    private static byte[] v2(int command, int familyAndTransport, String source, int sourcePort, String destination,
            int destinationPort) throws Exception {
        byte[] src = InetAddress.getByName(source).getAddress();
        byte[] dst = InetAddress.getByName(destination).getAddress();
        ByteBuffer header = ByteBuffer.allocate(16 + src.length * 2 + 4);
        header.put(V2_SIGNATURE).put((byte) (0x20 | command)).put((byte) familyAndTransport)
                .putShort((short) (src.length * 2 + 4)).put(src).put(dst)
                .putShort((short) sourcePort).putShort((short) destinationPort);
        return header.array();
    }

    private static void assertNeverSaid(LineClient innocent, String... words) {
        for (String word : words) {
            assertFalse(innocent.seen().stream().anyMatch(l -> l.contains(word)), word + " reached " + innocent.seen());
        }
    }

    @Test
    void aV1HeaderThenANickShowsTheClientInWho() throws Exception {
        start(Settings.forTests());
        try (LineClient innocent = innocent(); LineClient alice = viaProxy()) {
            alice.sendRaw(ascii("PROXY TCP4 203.0.113.9 127.0.0.1 5555 2323\r\n"));
            alice.awaitAdmitted();
            alice.send("/nick alice");
            alice.awaitContaining("is now known as alice");
            innocent.awaitContaining("joined #lobby (tcp 203.0.113.9:5555)");
            innocent.send("/who");
            innocent.awaitContaining("alice (tcp 203.0.113.9:5555, native C/S");
            // In the same write as the header: the first line is the member's first input.
            try (LineClient bob = viaProxy()) {
                bob.sendRaw(ascii("PROXY TCP6 2001:db8::9 ::1 6666 2323\r\n/nick bob\n"));
                bob.awaitContaining("is now known as bob");
                innocent.awaitContaining("joined #lobby (tcp 2001:db8:0:0:0:0:0:9:6666)");
            }
            innocent.send("still chatting");
            alice.awaitLine("<innocent> still chatting");
        }
    }

    @Test
    void aV2HeaderSplitAcrossWritesIsReadLikewise() throws Exception {
        start(Settings.forTests());
        try (LineClient innocent = innocent(); LineClient carol = viaProxy()) {
            byte[] header = v2(0x1, 0x11, "203.0.113.10", 7777, "127.0.0.1", 2323); // PROXY, TCP over IPv4
            carol.sendRaw(Arrays.copyOfRange(header, 0, 5));       // inside the signature
            carol.sendRaw(Arrays.copyOfRange(header, 5, 14));      // signature done, version and command
            carol.sendByteByByte(Arrays.copyOfRange(header, 14, header.length));
            carol.sendRaw(ascii("/nick carol\nhello from v2\n"));
            innocent.awaitContaining("joined #lobby (tcp 203.0.113.10:7777)");
            innocent.awaitLine("<carol> hello from v2");
            try (LineClient dave = viaProxy()) {
                ByteArrayOutputStream headerAndLine = new ByteArrayOutputStream();
                headerAndLine.write(v2(0x1, 0x21, "2001:db8::10", 8888, "::1", 2323)); // TCP over IPv6
                headerAndLine.write(ascii("/nick dave\n"));
                dave.sendRaw(headerAndLine.toByteArray());
                dave.awaitContaining("is now known as dave");
                innocent.awaitContaining("joined #lobby (tcp 2001:db8:0:0:0:0:0:10:8888)");
            }
        }
    }

    @Test
    void headersWithoutAClientAndPlainClientsKeepTheSocketsAddress() throws Exception {
        start(Settings.forTests());
        try (LineClient innocent = innocent(); LineClient check = viaProxy(); LineClient local = viaProxy()) {
            check.sendRaw(ascii("PROXY UNKNOWN\r\n/nick unknown1\n"));
            check.awaitContaining("is now known as unknown1");
            try (LineClient health = viaProxy()) {
                byte[] localCommand = Arrays.copyOf(V2_SIGNATURE, 16); // LOCAL, AF_UNSPEC, no addresses: a health check
                localCommand[12] = 0x20;
                health.sendRaw(localCommand);
                health.send("/nick healthcheck");
                health.awaitContaining("is now known as healthcheck");
                health.send("/who");
                health.awaitContaining("healthcheck (tcp 127.0.0.1:");
            }
            // Someone on the proxy's machine who types: a plain client once it has said nothing for a moment.
            local.awaitAdmitted();
            local.send("/nick admin");
            local.awaitContaining("is now known as admin");
            local.send("/who");
            local.awaitContaining("unknown1 (tcp 127.0.0.1:");
            local.awaitContaining("admin (tcp 127.0.0.1:");
        }
    }

    @Test
    void aTrustedPeerThatClosesItsSideWithoutAHeaderIsAPlainClientThatLeaves() throws Exception {
        start(Settings.forTests());
        try (LineClient innocent = innocent(); LineClient quick = viaProxy()) {
            quick.sendRaw(ascii("/nick quick\nbye for now\n"));
            quick.socket().shutdownOutput(); // echo ... | nc: the input ends at once
            quick.ended().get(10, TimeUnit.SECONDS);
            innocent.awaitLine("<quick> bye for now");
            innocent.awaitContaining("quick left #lobby");
        }
        try (LineClient silent = viaProxy()) {
            silent.socket().shutdownOutput(); // nothing at all, then the end
            silent.ended().get(10, TimeUnit.SECONDS);
            assertTrue(silent.seen().stream().anyMatch(l -> l.contains("welcome")), silent.seen().toString());
        }
    }

    @Test
    void malformedHeadersFromTheProxyCloseTheConnection() throws Exception {
        start(Settings.forTests());
        try (LineClient innocent = innocent()) {
            List<byte[]> broken = List.of(
                    ascii("PROXY TCP4 999.1.1.1 127.0.0.1 5555 2323\r\n/nick bad1\n"),
                    ascii("PROXY GARBAGE\r\n/nick bad2\n"),
                    ascii("PROXY TCP4 203.0.113.9 127.0.0.1 5555 2323\n/nick bad3\n"), // LF only: no v1 header
                    Arrays.copyOf(V2_SIGNATURE, 40)); // version 0
            for (byte[] bytes : broken) {
                try (LineClient proxy = viaProxy()) {
                    proxy.sendRaw(bytes);
                    proxy.ended().get(10, TimeUnit.SECONDS);
                    assertFalse(proxy.seen().stream().anyMatch(l -> l.contains("welcome")), proxy.seen().toString());
                }
            }
            innocent.send("after the broken ones");
            innocent.awaitLine("<innocent> after the broken ones");
            assertNeverSaid(innocent, "bad1", "bad2", "bad3", "joined #lobby (tcp 127.0.0.1");
        }
    }

    @Test
    void anUntrustedPeersHeaderIsRefusedAndNeverChat() throws Exception {
        start(Settings.forTests());
        try (LineClient innocent = innocent();
                LineClient mallory = new LineClient(server.tcp(), true, "127.0.0.2").awaitAdmitted()) {
            mallory.sendRaw(ascii("PRO"));
            mallory.sendRaw(ascii("XY TCP4 198.51.100.66 127.0.0.1 5555 2323\r\n/nick mallory\nforged\n"));
            mallory.awaitContaining("-!- error: PROXY protocol header refused: 127.0.0.2 is not a trusted proxy");
            mallory.ended().get(10, TimeUnit.SECONDS);
            try (LineClient binary = new LineClient(server.tcp(), true, "127.0.0.2").awaitAdmitted()) {
                binary.sendRaw(v2(0x1, 0x11, "198.51.100.67", 1, "127.0.0.1", 2323));
                binary.send("/nick mallory2");
                binary.awaitContaining("-!- error: PROXY protocol header refused");
                binary.ended().get(10, TimeUnit.SECONDS);
            }
            // Later in a conversation it is only text, like any other.
            try (LineClient talker = new LineClient(server.tcp(), true, "127.0.0.2").awaitAdmitted()) {
                talker.send("PROXYBOT says hi");
                talker.send("PROXY TCP4 is a header format");
                innocent.awaitContaining("> PROXYBOT says hi");
                innocent.awaitContaining("> PROXY TCP4 is a header format");
            }
            innocent.send("after the refusals");
            innocent.awaitLine("<innocent> after the refusals");
            assertNeverSaid(innocent, "198.51.100.66", "198.51.100.67", "mallory", "forged");
        }
    }

    @Test
    void withoutTheOptionEveryHeaderIsRefused() throws Exception {
        server = new RunningGateway(Settings.forTests().build());
        try (LineClient proxy = new LineClient(server.tcp()).awaitAdmitted()) {
            proxy.sendRaw(ascii("PROXY TCP4 203.0.113.9 127.0.0.1 5555 2323\r\n/nick alice\n"));
            proxy.awaitContaining("-!- error: PROXY protocol header refused: 127.0.0.1 is not a trusted proxy");
            proxy.ended().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theCapFollowsTheHeadersAddress() throws Exception {
        start(Settings.forTests().connections(100, 1).secret(SECRET, Duration.ofSeconds(10)));
        try (LineClient first = viaProxy()) {
            first.sendRaw(ascii("PROXY TCP4 203.0.113.20 127.0.0.1 1000 2323\r\n"));
            first.awaitContaining("auth-challenge");
            // Opened only now: a trusted peer silent for half a second counts as a plain client.
            try (LineClient second = viaProxy()) {
                second.sendRaw(ascii("PROXY TCP4 203.0.113.20 127.0.0.1 1001 2323\r\n"));
                second.awaitContaining("too many connections from 203.0.113.20 (at most 1)");
            }
        }
    }

    @Test
    void theAuthThrottleFollowsTheHeadersAddress() throws Exception {
        // A cap above one: each guess's connection may still be closing when the next one comes.
        start(Settings.forTests().connections(100, 10).secret(SECRET, Duration.ofSeconds(10)));
        for (int i = 0; i < 5; i++) {
            try (LineClient guess = viaProxy()) {
                guess.sendRaw(ascii("PROXY TCP4 203.0.113.21 127.0.0.1 " + (2000 + i) + " 2323\r\n"));
                guess.awaitContaining("auth-challenge");
                guess.send("/auth " + "00".repeat(32));
                guess.awaitContaining("authentication failed");
                guess.ended().get(10, TimeUnit.SECONDS);
            }
        }
        try (LineClient held = viaProxy()) {
            held.sendRaw(ascii("PROXY TCP4 203.0.113.21 127.0.0.1 2100 2323\r\n"));
            String challenge = held.awaitContaining("auth-challenge");
            held.send("/auth " + Challenge.answerFor(SECRET, challenge.substring(challenge.lastIndexOf(' ') + 1)));
            held.awaitContaining("too many wrong keys or answers from 203.0.113.21");
        }
        try (LineClient other = viaProxy()) {
            other.sendRaw(ascii("PROXY TCP4 203.0.113.22 127.0.0.1 2200 2323\r\n"));
            String challenge = other.awaitContaining("auth-challenge");
            other.send("/auth " + Challenge.answerFor(SECRET, challenge.substring(challenge.lastIndexOf(' ') + 1)));
            other.awaitLine("-!- authenticated");
            other.awaitContaining("welcome to Switchboard");
        }
    }

    @Test
    void anUnfinishedHeaderIsClosedAtItsDeadline() throws Exception {
        start(Settings.forTests());
        try (LineClient slow = viaProxy()) {
            slow.sendRaw(ascii("PROXY TCP4 203.0.113.9 "));
            slow.ended().get(ProxyHeaderReader.WHOLE_HEADER_MILLIS + 5_000, TimeUnit.MILLISECONDS);
            assertTrue(slow.seen().isEmpty(), slow.seen().toString());
        }
    }
}
