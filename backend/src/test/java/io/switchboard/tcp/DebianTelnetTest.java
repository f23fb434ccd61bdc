package io.switchboard.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.Tmux;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Debian's own telnet (/usr/bin/telnet, inetutils) in a real terminal (tmux), typed at as a
 * newcomer would: Chinese in the very first line, before any negotiation, and after.
 */
@Timeout(90)
class DebianTelnetTest {
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

    /** Telnet, named 小明 by its first line (typed before any negotiation), at its prompt. */
    private Tmux telnetAsXiaoMing() throws IOException {
        Tmux tmux = telnet(100);
        tmux.type("/nick 小明").press("Enter");
        tmux.awaitLastLine("[小明 #lobby]");
        return tmux;
    }

    private Tmux telnet(int columns) throws IOException {
        Tmux tmux = new Tmux(columns, 30, "TERM=xterm-256color", "/usr/bin/telnet", "127.0.0.1",
                String.valueOf(server.tcp()));
        tmux.awaitContaining("welcome to Switchboard");
        return tmux;
    }

    @Test
    void chineseInTheFirstLineAndAfterNeverFreezesTheSession() throws IOException {
        try (Tmux tmux = telnet(100)) {
            // Before negotiation telnet turns the 0x8F of 小 into IAC AO and waits for a timing mark.
            tmux.type("/nick 小明").press("Enter");
            watcher.awaitLine("-!- guest2 is now known as 小明");
            tmux.awaitLastLine("[小明 #lobby]");
            // In character mode every byte arrives: 0x83, 0x9A, 0x9C, 0x9D (^], telnet's escape), 0x8F.
            tmux.type("七业东丝丏好").press("Enter");
            watcher.awaitLine("<小明> 七业东丝丏好");
            tmux.awaitContaining("<小明> 七业东丝丏好");
            watcher.send("the screen still moves");
            tmux.awaitContaining("<watcher> the screen still moves");
        }
    }

    @Test
    void aLineArrivingWhileTypingIsShownAboveTheHalfTypedInput() throws IOException {
        try (Tmux tmux = telnetAsXiaoMing()) {
            tmux.type("half 你好");
            tmux.awaitLastLine("[小明 #lobby] half 你好");
            watcher.send("while you type");
            String screen = tmux.await(s -> s.contains("<watcher> while you type")
                    && Tmux.lastLine(s).equals("[小明 #lobby] half 你好"), "the message above the input line");
            List<String> lines = Arrays.asList(screen.split("\n"));
            int message = lines.indexOf("<watcher> while you type");
            assertTrue(message >= 0, "the message has a line of its own:\n" + screen);
            assertEquals("[小明 #lobby] half 你好", lines.get(message + 1).stripTrailing(), screen);
            // One Backspace removes one CJK character (two columns).
            tmux.press("BSpace");
            tmux.awaitLastLine("[小明 #lobby] half 你");
            tmux.press("Enter");
            watcher.awaitLine("<小明> half 你");
            tmux.awaitLastLine("[小明 #lobby]");
            // Up brings the line back, Enter sends it again.
            tmux.press("Up");
            tmux.awaitLastLine("[小明 #lobby] half 你");
            tmux.press("Enter");
            watcher.awaitLine("<小明> half 你");
        }
    }

    @Test
    void nicksAreColouredForATerminalThatShowsColour() throws IOException {
        try (Tmux tmux = telnet(100)) {
            tmux.type("/nick tess").press("Enter");
            tmux.awaitLastLine("[tess #lobby]");
            // Telnet sends its terminal type as it takes the prompt; a line typed after that comes after it.
            tmux.type("hello").press("Enter");
            watcher.awaitLine("<tess> hello");
            watcher.send("in colour");
            tmux.awaitContaining("<watcher> in colour");
            String coloured = tmux.screenWithColours();
            assertTrue(coloured.contains("<\u001b["), "the nick has its colour:\n" + coloured);
        }
    }
}
