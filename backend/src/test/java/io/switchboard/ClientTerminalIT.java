package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.switchboard.config.Settings;
import io.switchboard.security.Challenge;
import io.switchboard.testing.JarProcess;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.Tmux;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The jar's `client` command in a real terminal: the HMAC handshake, then a line editor like telnet members get. */
@Timeout(120)
class ClientTerminalIT {
    private static final String SECRET = "terminal-secret";

    @Test
    void theClientAuthenticatesAndEditsItsLineWhileTheRoomTalks() throws Exception {
        try (RunningGateway server = new RunningGateway(Settings.forTests().secret(SECRET, Duration.ofSeconds(20))
                .build()); LineClient watcher = new LineClient(server.tcp())) {
            String hex = watcher.awaitContaining("auth-challenge").substring("-!- auth-challenge ".length()).strip();
            watcher.send("/auth " + Challenge.answerFor(SECRET, hex));
            watcher.awaitLine("-!- authenticated");
            watcher.send("/nick watcher");
            watcher.awaitLine("-!- guest1 is now known as watcher");
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            try (Tmux tmux = new Tmux(100, 30, java, "-jar", JarProcess.jar().toAbsolutePath().toString(), "client",
                    "127.0.0.1", String.valueOf(server.tcp()), "--secret", SECRET)) {
                tmux.awaitContaining("-!- authenticated");
                tmux.awaitLastLine("[guest2 #lobby]");
                tmux.type("/nick 小明").press("Enter");
                watcher.awaitLine("-!- guest2 is now known as 小明");
                tmux.awaitLastLine("[小明 #lobby]");
                tmux.type("half 你好");
                tmux.awaitLastLine("[小明 #lobby] half 你好");
                watcher.send("while you type");
                tmux.await(s -> s.contains("<watcher> while you type")
                        && Tmux.lastLine(s).equals("[小明 #lobby] half 你好"), "the message above the input line");
                tmux.press("BSpace", "Enter");
                watcher.awaitLine("<小明> half 你");
                tmux.awaitLastLine("[小明 #lobby]"); // the next line is being read: keys go to the editor
                tmux.press("Up");
                tmux.awaitLastLine("[小明 #lobby] half 你");
                tmux.press("C-u");
                tmux.type("/wh").press("Tab");
                tmux.awaitLastLine("[小明 #lobby] /who");
                tmux.press("Enter");
                tmux.awaitContaining("#lobby has 2 members");
                assertFalse(tmux.screen().contains("[小明 #lobby] half 你好\n"), "the line sent is not left behind");
            }
        }
    }
}
