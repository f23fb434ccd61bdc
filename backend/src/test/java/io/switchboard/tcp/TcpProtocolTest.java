package io.switchboard.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The telnet input matrix over real loopback sockets: what a terminal really sends. */
@Timeout(60)
class TcpProtocolTest {
    private RunningGateway server;
    private LineClient watcher;
    private LineClient talker;

    @BeforeEach
    void start() throws IOException {
        server = new RunningGateway();
        watcher = server.line();
        watcher.awaitContaining("welcome to Switchboard");
        watcher.send("/nick watcher");
        watcher.awaitContaining("is now known as watcher");
        talker = server.line();
        talker.awaitContaining("/nick NAME changes your nick, /join ROOM changes room");
        talker.send("/nick talker");
        watcher.awaitLine("-!- " + "guest2 is now known as talker");
    }

    @AfterEach
    void stop() throws IOException {
        talker.close();
        watcher.close();
        server.close();
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    @Test
    void greetingNamesTheGuestTheRoomAndHowToChangeBoth() throws IOException {
        try (LineClient fresh = server.line()) {
            String welcome = fresh.awaitContaining("welcome to Switchboard");
            assertTrue(welcome.matches("-!- welcome to Switchboard, guest\\d+! you are in #lobby with 2 others\\."),
                    welcome);
            fresh.awaitLine("-!- /nick NAME changes your nick, /join ROOM changes room, /help lists all commands.");
        }
    }

    @Test
    void aSplitUtf8CharacterByteByByteArrivesWhole() throws IOException {
        talker.sendByteByByte("/nick 小明\r\n你好\r\n".getBytes(StandardCharsets.UTF_8));
        watcher.awaitLine("-!- talker is now known as 小明");
        watcher.awaitLine("<小明> 你好");
    }

    @Test
    void telnetNegotiationNeverReachesAnyone() throws IOException {
        talker.sendRaw(bytes(0xFF, 0xFB, 0x18, 0xFF, 0xFD, 0x03, 'h', 'i', 0xFF, 0xFA, 0x18, 0, 'x', 0xFF, 0xF0,
                '!', '\r', '\n'));
        watcher.awaitLine("<talker> hi!");
    }

    @Test
    void crNulAndLoneCrEndLinesAndBackspaceEdits() throws IOException {
        talker.sendRaw("one\r\0two\rthrex\be\u007f\u007fee\r\n".getBytes(StandardCharsets.UTF_8));
        watcher.awaitLine("<talker> one");
        watcher.awaitLine("<talker> two");
        watcher.awaitLine("<talker> three");
    }

    @Test
    void twoMessagesInOneWriteAndOneMessageOverManyWrites() throws IOException {
        talker.sendRaw("first\r\nsecond\r\nthi".getBytes(StandardCharsets.UTF_8));
        talker.sendRaw("rd par".getBytes(StandardCharsets.UTF_8));
        talker.sendRaw("t\r".getBytes(StandardCharsets.UTF_8));
        talker.sendRaw("\n".getBytes(StandardCharsets.UTF_8));
        watcher.awaitLine("<talker> first");
        watcher.awaitLine("<talker> second");
        watcher.awaitLine("<talker> third part");
    }

    @Test
    void emptyLinesAreIgnored() throws IOException {
        talker.sendRaw("\r\n\r\n   \r\n\n\tafter\r\n".getBytes(StandardCharsets.UTF_8));
        String next = watcher.await(line -> line.startsWith("<talker>"), "the next chat line");
        assertEquals("<talker> after", next);
    }

    @Test
    void anOverLongLineGetsAnErrorAndTheConnectionGoesOn() throws IOException {
        talker.send("x".repeat(5000));
        talker.awaitContaining("-!- error: line too long (over 4096 bytes) and dropped");
        talker.send("short");
        watcher.awaitLine("<talker> short");
        assertFalse(watcher.seen().stream().anyMatch(line -> line.contains("xxxx")));
    }

    @Test
    void anEndlessLineCostsNothingAndIsRefusedWhenItEnds() throws IOException {
        byte[] chunk = "y".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 64; i++) { // 4 MiB without a line end: the server must read and discard
            talker.sendRaw(chunk);
        }
        talker.sendRaw("\r\nstill here\r\n".getBytes(StandardCharsets.UTF_8));
        talker.awaitContaining("-!- error: line too long");
        watcher.awaitLine("<talker> still here");
    }

    @Test
    void terminalEscapesFromOneMemberNeverReachAnother() throws IOException {
        talker.send("\u001b[2J\u001b[31mred\u001b[0m \u001b]0;title\u0007alert\u0007");
        watcher.awaitLine("<talker> red alert");
        assertFalse(watcher.seen().stream().anyMatch(line -> line.chars().anyMatch(c -> c < 0x20 || c == 0x7F)));
    }

    @Test
    void aPeerThatResetsMidLineIsRemovedAndTheRoomIsTold() throws IOException {
        talker.sendRaw("half a li".getBytes(StandardCharsets.UTF_8));
        talker.reset();
        watcher.awaitLine("-!- talker left #lobby (connection reset)");
        assertFalse(watcher.seen().stream().anyMatch(line -> line.contains("half a li")));
        watcher.send("/who");
        watcher.awaitLine("-!- #lobby has 1 member:");
    }

    @Test
    void aPeerThatClosesCleanlyStillDeliversItsLastLine() throws Exception {
        talker.sendRaw("last words".getBytes(StandardCharsets.UTF_8));
        talker.socket().shutdownOutput();
        watcher.awaitLine("<talker> last words");
        watcher.awaitLine("-!- talker left #lobby (connection closed)");
        talker.ended().get(10, TimeUnit.SECONDS);
    }

    @Test
    void quitSaysGoodbyeThenCloses() throws Exception {
        talker.send("/quit off to lunch");
        watcher.awaitLine("-!- talker left #lobby (quit: off to lunch)");
        talker.awaitLine("-!- bye");
        talker.ended().get(10, TimeUnit.SECONDS);
    }
}
