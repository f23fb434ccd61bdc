package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.Settings;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RawWebSocket;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.Waits;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A browser that stops reading holds its own outbox and nothing else: no thread waits on it, it
 * gets everything in order when it reads again, and one that never reads is dropped as too slow.
 */
@Timeout(120)
class SlowBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PAYLOAD = "p".repeat(1000);

    @Test
    void aBrowserThatStopsReadingWaitsInItsOutboxAndThenGetsEverythingInOrder() throws Exception {
        int count = 3000; // 3 MB: far more than the sockets' buffers hold for a 4 KiB window
        Settings settings = Settings.forTests().outbox(100_000, 64 << 20).build();
        try (RunningGateway server = new RunningGateway(settings);
                RawWebSocket paused = new RawWebSocket(server.http(), "/ws?format=json&nick=paused", 4096);
                LineClient talker = server.line();
                LineClient reader = server.line()) {
            Waits.until(() -> inLobby(server, "paused"), "the paused browser joined");
            send(talker, reader, 0, count);
            Waits.until(() -> server.gateway.hub().pending() > 0, "what the browser cannot take waits in its outbox");
            assertEquals(Map.of(), threadsWaitingOnABrowser(), "no thread waits for the browser to read");

            for (int i = 0; i < count; i++) {
                assertEquals(i + " " + PAYLOAD, nextMessage(paused), "message " + i + " in order");
            }
            talker.send("and now live");
            assertEquals("and now live", nextMessage(paused));
        }
    }

    @Test
    void aBrowserThatNeverReadsIsDroppedAsTooSlowAndTheOthersGetEverything() throws Exception {
        Settings settings = Settings.forTests().outbox(1024, 256 * 1024).build();
        try (RunningGateway server = new RunningGateway(settings);
                RawWebSocket sleeper = new RawWebSocket(server.http(), "/ws?format=json&nick=sleeper", 4096);
                LineClient talker = server.line();
                LineClient reader = server.line()) {
            Waits.until(() -> inLobby(server, "sleeper"), "the sleeper joined");
            int sent = 0;
            // Bounded: its outbox takes at most 256 KiB, plus the batch Jetty holds and the kernel's buffers.
            while (sent < 50_000 && inLobby(server, "sleeper")) {
                send(talker, reader, sent, 20);
                sent += 20;
            }
            assertTrue(sent < 50_000, "the sleeper was dropped after " + sent + " messages");
            Waits.until(() -> reader.seen().stream().anyMatch(l -> l.startsWith("-!- sleeper left #lobby (too slow")),
                    "the room is told why");
            talker.send("after the drop");
            reader.await(line -> line.endsWith("> after the drop"), "the others go on");
            // What was in flight arrives, then the close with the reason: not the backlog.
            IOException end = assertThrows(IOException.class, () -> {
                for (;;) {
                    sleeper.nextText();
                }
            });
            assertTrue(end.getMessage().startsWith("closed 1008 too slow"), end.getMessage());
        }
    }

    /** Sends {@code n} numbered lines from {@code from}, in step with a member that reads everything. */
    private static void send(LineClient talker, LineClient reader, int from, int n) throws IOException {
        for (int i = from; i < from + n; i++) {
            talker.send(i + " " + PAYLOAD);
            if ((i + 1) % 100 == 0 || i == from + n - 1) {
                String last = i + " ppp";
                reader.awaitContaining(last);
            }
        }
    }

    private static boolean inLobby(RunningGateway server, String nick) {
        return server.gateway.hub().members("lobby").stream().anyMatch(m -> m.nick().equals(nick));
    }

    private static String nextMessage(RawWebSocket socket) throws IOException {
        for (;;) {
            JsonNode event = JSON.readTree(socket.nextText());
            if (event.path("type").asText().equals("message")) {
                return event.path("text").asText();
            }
        }
    }

    /** Threads parked (or waiting) with a WebSocket member's sink on their stack, by name. */
    private static Map<String, String> threadsWaitingOnABrowser() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> e.getKey().getState() != Thread.State.RUNNABLE)
                .filter(e -> List.of(e.getValue()).stream().anyMatch(f -> f.getClassName().startsWith(WsSink.class.getName())))
                .collect(Collectors.toMap(e -> e.getKey().getName(), e -> e.getKey().getState().toString()));
    }
}
