package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Settings;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.Waits;
import io.switchboard.testing.WsClient;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A member that never reads is dropped when its outbox overflows; everyone else keeps receiving. */
@Timeout(120)
class SlowMemberTest {

    @Test
    void aMemberThatNeverReadsIsDroppedAndTheOthersGetEverything() throws Exception {
        Settings settings = Settings.forTests().outbox(1024, 256 * 1024).build();
        try (RunningGateway server = new RunningGateway(settings);
                Socket sleeper = new Socket();
                LineClient talker = server.line();
                LineClient reader = server.line()) {
            WsClient browser = server.json("browser");
            sleeper.setReceiveBufferSize(4096); // small window, so the server's writes back up fast
            sleeper.connect(new InetSocketAddress("127.0.0.1", server.tcp()));
            sleeper.getOutputStream().write("/nick sleeper\r\n".getBytes());
            reader.awaitContaining("is now known as sleeper");

            String payload = "p".repeat(1000);
            int sent = 0;
            // Send until the sleeper is dropped: bounded, since its outbox takes at most 256 KiB
            // plus what the kernel buffers hold.
            while (sent < 50_000 && server.gateway.hub().members("lobby").stream()
                    .anyMatch(m -> m.nick().equals("sleeper"))) {
                for (int i = 0; i < 20; i++) {
                    talker.send(sent++ + " " + payload);
                }
                // Well-behaved members read everything; the sender waits for them to keep in step.
                String last = (sent - 1) + " ppp";
                reader.awaitContaining(last);
                browser.awaitType("message", e -> e.path("text").asText().startsWith(last));
            }
            Waits.until(() -> reader.seen().stream().anyMatch(l -> l.startsWith("-!- sleeper left #lobby (too slow")),
                    "the room is told why the sleeper left");
            talker.send("after the drop");
            reader.await(line -> line.endsWith("> after the drop"), "the talker's next line");
            browser.awaitType("message", e -> e.path("text").asText().equals("after the drop"));
            assertTrue(browser.seen().stream().anyMatch(f -> f.contains("\"type\":\"leave\"")
                    && f.contains("\"nick\":\"sleeper\"") && f.contains("too slow")), "the browser saw the leave");
            int total = sent;
            Waits.until(() -> reader.seen().stream().filter(l -> l.contains(" ppp")).count() == total,
                    "the reader has every message");
            assertTrue(sent < 50_000, "the sleeper was dropped after " + sent + " messages");
            // Its connection is closed: reading what is left reaches the end (or a reset).
            sleeper.setSoTimeout(10_000);
            byte[] sink = new byte[65536];
            try {
                while (sleeper.getInputStream().read(sink) >= 0) {
                    continue;
                }
            } catch (java.net.SocketException reset) {
                // a reset is an end too
            }
            browser.close();
        }
    }
}
