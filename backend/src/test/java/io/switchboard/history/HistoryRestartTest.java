package io.switchboard.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Settings;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.UdpClient;
import io.switchboard.testing.WsClient;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Messages from every transport survive a restart on the same database and are replayed on join. */
@Timeout(60)
class HistoryRestartTest {
    @TempDir
    Path dir;

    private Settings settings() {
        return Settings.forTests().history("sqlite:" + dir.resolve("history.db")).build();
    }

    @Test
    void everyTransportsMessagesAreReplayedInOrderAfterARestart() throws Exception {
        long lastId;
        try (RunningGateway first = new RunningGateway(settings());
                LineClient term = first.line();
                UdpClient dgram = new UdpClient(first.gateway.udpPort())) {
            term.send("/nick tina");
            term.awaitContaining("is now known as tina");
            WsClient web = first.json("wendy");
            term.awaitContaining("wendy joined");
            dgram.send("/nick ursula");
            term.awaitContaining("is now known as ursula");

            term.send("one from tcp");
            web.awaitType("message", e -> e.path("text").asText().equals("one from tcp"));
            web.say("two from ws");
            term.awaitLine("<wendy> two from ws");
            dgram.send("three from udp");
            term.awaitLine("<ursula> three from udp");
            term.send("/me four, an emote");
            JsonNode last = web.awaitType("emote", e -> true);
            lastId = Long.parseLong(last.path("id").asText());
            web.close();
        }

        try (RunningGateway second = new RunningGateway(settings());
                LineClient term = second.line();
                UdpClient dgram = new UdpClient(second.gateway.udpPort())) {
            term.awaitLine("-!- last 4 messages in #lobby:");
            assertTrue(term.await(l -> l.contains("<tina>"), "tcp line").endsWith("<tina> one from tcp"));
            assertTrue(term.await(l -> l.contains("<wendy>"), "ws line").endsWith("<wendy> two from ws"));
            assertTrue(term.await(l -> l.contains("<ursula>"), "udp line").endsWith("<ursula> three from udp"));
            assertTrue(term.await(l -> l.contains("* tina"), "emote").endsWith("* tina four, an emote"));
            term.awaitLine("-!- end of history");

            dgram.send("/ping");
            dgram.awaitContaining("last 4 messages in #lobby:");
            assertTrue(dgram.awaitContaining("<tina>").endsWith("<tina> one from tcp\n"));

            WsClient web = second.json("walt");
            JsonNode history = web.awaitType("history", e -> true);
            List<String> texts = history.path("events").findValuesAsText("text");
            assertEquals(List.of("one from tcp", "two from ws", "three from udp", "four, an emote"), texts);
            assertEquals(List.of("tcp", "ws", "udp", "tcp"), history.path("events").findValuesAsText("via"));

            term.send("/history 2");
            term.awaitLine("-!- last 2 messages in #lobby:");
            term.send("five, after the restart");
            JsonNode fresh = web.awaitType("message", e -> e.path("text").asText().startsWith("five"));
            assertTrue(Long.parseLong(fresh.path("id").asText()) > lastId, "ids keep growing across restarts");
            web.close();
        }
    }

    @Test
    void aStoreThatFailsAtRuntimeLeavesChatWorking() throws Exception {
        Path file = dir.resolve("history.db");
        try (RunningGateway server = new RunningGateway(settings());
                LineClient a = server.line();
                LineClient b = server.line()) {
            a.send("stored");
            b.awaitContaining("> stored");
            server.gateway.hub().history().flush(java.time.Duration.ofSeconds(10));
            try (java.sql.Connection other = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
                    java.sql.Statement s = other.createStatement()) {
                s.execute("DROP TABLE messages");
            }
            for (int i = 0; i < 5; i++) {
                a.send("after the failure " + i);
                b.awaitContaining("> after the failure " + i);
            }
            io.switchboard.testing.Waits.until(() -> server.gateway.hub().history().dropped() >= 1,
                    "the failed writes are counted");
        }
    }
}
