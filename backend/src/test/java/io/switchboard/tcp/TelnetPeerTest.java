package io.switchboard.tcp;

import static io.switchboard.testing.TelnetPeer.DO;
import static io.switchboard.testing.TelnetPeer.IAC;
import static io.switchboard.testing.TelnetPeer.SB;
import static io.switchboard.testing.TelnetPeer.SE;
import static io.switchboard.testing.TelnetPeer.WILL;
import static io.switchboard.testing.TelnetPeer.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.TelnetPeer;
import io.switchboard.testing.Waits;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A raw telnet peer on loopback, byte by byte: negotiation, repair, character mode, the screen. */
@Timeout(60)
class TelnetPeerTest {
    private static final byte[] OFFER = bytes(IAC, WILL, 1, IAC, WILL, 3, IAC, DO, 3, IAC, WILL, 0, IAC, DO, 0,
            IAC, DO, 31, IAC, DO, 24);
    private static final byte[] TIMING_MARK = bytes(IAC, WILL, 6);

    private RunningGateway server;
    private LineClient watcher;

    @BeforeEach
    void start() throws IOException {
        server = new RunningGateway();
        watcher = server.line("watcher");
    }

    @AfterEach
    void stop() throws IOException {
        watcher.close();
        server.close();
    }

    private TelnetPeer admitted() throws IOException {
        TelnetPeer peer = new TelnetPeer(server.tcp());
        peer.await("welcome to Switchboard");
        return peer;
    }

    /** A peer that named itself {@code tess} with a CR LF line and took character mode (80 columns). */
    private TelnetPeer inCharacterMode(int columns) throws IOException {
        TelnetPeer peer = admitted();
        peer.send("/nick tess\r\n");
        peer.await(OFFER, "the character-mode offer");
        watcher.awaitLine("-!- guest2 is now known as tess");
        peer.mark().agree(columns, 24);
        peer.await("[tess #lobby] ");
        return peer;
    }

    @Test
    void aPlainLfClientNeverGetsATelnetBytePromptOrEcho() throws IOException {
        try (LineClient plain = server.line()) {
            plain.send("/nick plain");
            plain.awaitLine("-!- guest2 is now known as plain");
            plain.send("hello");
            plain.awaitLine("<plain> hello");
            watcher.send("hi plain");
            plain.awaitLine("<watcher> hi plain");
            plain.send("/help");
            plain.awaitContaining("/quit [REASON]");
            for (String line : plain.seen()) {
                assertFalse(line.contains("\uFFFD") || line.contains("\u001b") || line.startsWith("[plain"), line);
            }
        }
    }

    @Test
    void aCrLfLineGetsTheOfferOnceAndAgreeingGivesAPromptAndEcho() throws IOException {
        try (TelnetPeer peer = inCharacterMode(80)) {
            assertEquals(1, peer.count(OFFER));
            peer.mark().send("h");
            peer.await("[tess #lobby] h");
            peer.mark().send("i\r");
            watcher.awaitLine("<tess> hi");
            peer.await("<tess> hi\r\n[tess #lobby] ");
            // Agreeing again, or in another order, is no new request: nothing comes back.
            peer.mark().agree(80, 24).send("/who\r");
            peer.await("#lobby has 2 members");
            assertEquals(1, peer.count(OFFER));
            assertEquals(1, peer.count(bytes(IAC, SB, 24, 1, IAC, SE)), "the terminal type is asked for once");
        }
    }

    @Test
    void aLineArrivingWhileTypingGoesAboveTheInputLineWhichIsRedrawn() throws IOException {
        try (TelnetPeer peer = inCharacterMode(80)) {
            peer.mark().send("half 你好");
            peer.await("[tess #lobby] half 你好");
            peer.mark();
            watcher.send("interrupting");
            // Erase the input line, write the room's line, redraw prompt and input after it.
            peer.await("\r\u001b[J<watcher> interrupting\r\n[tess #lobby] half 你好");
            peer.mark().send(0x7F).send("\r");
            watcher.awaitLine("<tess> half 你"); // one DEL removes one CJK character
        }
    }

    @Test
    void editingKeysAndHistory() throws IOException {
        try (TelnetPeer peer = inCharacterMode(80)) {
            peer.send("wrld\u001b[D\u001b[D\u001b[Do\u0005!\r"); // Left x3, 'o', Ctrl-E, '!'
            watcher.awaitLine("<tess> world!");
            peer.send("junk words\u0017\u0017\u0015again\r");   // Ctrl-W twice, Ctrl-U
            watcher.awaitLine("<tess> again");
            peer.send("\u001b[A\u001b[A\r");                   // Up twice: "world!"
            watcher.awaitLine("<tess> world!");
            peer.mark().send("/wh\t\r");                        // Tab completes the command
            peer.await("-!- #lobby has 2 members:");
        }
    }

    @Test
    void theWindowWidthDecidesWhereTheInputLineWraps() throws IOException {
        try (TelnetPeer peer = inCharacterMode(20)) {
            peer.mark().send("x".repeat(30)); // prompt 14 + 30 = 44 columns: three rows at 20
            peer.await("x".repeat(30));
            peer.mark();
            watcher.send("wrapped");
            peer.await("\r\u001b[2A\u001b[J<watcher> wrapped\r\n");
            peer.mark().send(IAC, SB, 31, 0, 100, 0, 24, IAC, SE); // resized to 100: one row
            peer.await("\r\u001b[2A\u001b[J[tess #lobby] " + "x".repeat(30));
            peer.mark();
            watcher.send("one row now");
            peer.await("\r\u001b[J<watcher> one row now\r\n");
        }
    }

    @Test
    void everyByteALineModeTelnetDamagesIsRepairedAndTheTimingMarkAnswered() throws IOException {
        try (TelnetPeer peer = admitted()) {
            // "/nick 小明" as Debian's telnet sends it before negotiation: 0x8F became IAC AO IAC DO TM.
            peer.send(0x2f, 0x6e, 0x69, 0x63, 0x6b, 0x20, 0xe5, 0xb0, 0xff, 0xf5, 0xff, 0xfd, 0x06, 0xe6, 0x98, 0x8e,
                    0x0d, 0x0a);
            peer.await(TIMING_MARK, "the answer to DO TIMING-MARK");
            watcher.awaitLine("-!- guest2 is now known as 小明");
            // 七 (0x83, IP), 业 (0x9A, SUSP), 东 (0x9C, BRK), each split across writes.
            byte[] line = bytes(0xe4, 0xb8, IAC, 0xf4, IAC, DO, 6, 0xe4, 0xb8, IAC, 0xed, IAC, DO, 6, 0xe4, 0xb8, IAC,
                    0xf3, IAC, DO, 6, 0x0d, 0x0a);
            peer.sendByteByByte(line);
            watcher.awaitLine("<小明> 七业东");
            Waits.until(() -> peer.count(TIMING_MARK) == 4, "four timing marks answered");
        }
    }

    @Test
    void interruptAndAbortOutsideACharacterAreAnsweredAndDropTheLine() throws IOException {
        try (TelnetPeer peer = admitted()) {
            peer.send("/nick ip\r\n");
            watcher.awaitLine("-!- guest2 is now known as ip");
            peer.mark().send("never sent").send(IAC, 0xf4, IAC, DO, 6).send("after\r\n");
            peer.await(TIMING_MARK, "the timing mark after IP");
            watcher.awaitLine("<ip> after");
            peer.mark().send(IAC, 0xf5, IAC, DO, 6);
            peer.await(TIMING_MARK, "the timing mark after AO");
            peer.mark().send(IAC, 0xf6);
            peer.await("-!- yes: you are ip in #lobby");
            assertFalse(watcher.seen().stream().anyMatch(l -> l.contains("never sent")));
        }
    }

    @Test
    void aClientThatAnswersEveryAnswerCannotStartALoop() throws IOException {
        try (TelnetPeer peer = admitted()) {
            peer.send("/nick echoer\r\n");
            peer.await(OFFER, "the offer");
            for (int i = 0; i < 50; i++) {
                // A naive client: "agrees" to everything, every time.
                peer.agree(80, 24);
            }
            peer.send("still chatting\r");
            watcher.awaitLine("<echoer> still chatting");
            byte[] all = peer.received();
            int negotiation = 0;
            for (int i = 0; i + 1 < all.length; i++) {
                if ((all[i] & 0xFF) == IAC && (all[i + 1] & 0xFF) >= WILL) {
                    negotiation++;
                }
            }
            // The offer's seven, and not one answer to an answer.
            assertEquals(7, negotiation, peer.toString());
        }
    }
}
