package io.switchboard.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.core.Event;
import io.switchboard.testing.Waits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class SqliteHistoryTest {
    @TempDir
    Path dir;

    private static Event.Message message(long id, String room, String text) {
        return new Event.Message(id, room, "alice", "tcp", text, Instant.ofEpochMilli(1_700_000_000_000L + id));
    }

    @Test
    void whatIsRecordedSurvivesAReopenInOrder() throws IOException {
        Path file = dir.resolve("h.db");
        SqliteHistory history = SqliteHistory.open(file, 100, Duration.ZERO);
        for (int i = 1; i <= 30; i++) {
            history.record(i % 3 == 0 ? new Event.Emote(i, "dev", "bob", "ws", "waves " + i, Instant.now())
                    : message(i, i % 2 == 0 ? "dev" : "lobby", "m" + i));
        }
        history.close(Duration.ofSeconds(10));

        SqliteHistory again = SqliteHistory.open(file, 100, Duration.ZERO);
        assertEquals(30, again.lastId());
        List<Event> dev = again.recent("dev", 100, Long.MAX_VALUE);
        assertEquals(20, dev.size());
        assertEquals(List.of(2L, 3L, 4L, 6L, 8L), dev.subList(0, 5).stream().map(SqliteHistoryTest::id).toList());
        assertTrue(dev.get(1) instanceof Event.Emote e && e.text().equals("waves 3") && e.nick().equals("bob"));
        assertEquals(List.of(26L, 27L, 28L), again.recent("dev", 3, 29).stream().map(SqliteHistoryTest::id).toList());
        Event.Message first = (Event.Message) again.recent("lobby", 1, 2).get(0);
        assertEquals(message(1, "lobby", "m1"), first);
        again.close(Duration.ofSeconds(10));
    }

    @Test
    void whatIsStillQueuedIsReadBackToo() throws IOException {
        SqliteHistory history = SqliteHistory.open(dir.resolve("q.db"), 100, Duration.ZERO);
        for (int i = 1; i <= 2000; i++) {
            history.record(message(i, "lobby", "m" + i));
            // Read right after recording: stored or still waiting, it is there.
            assertEquals(i, id(history.recent("lobby", 1, Long.MAX_VALUE).get(0)));
        }
        history.flush(Duration.ofSeconds(10));
        assertEquals(0, history.lag());
        history.close(Duration.ofSeconds(10));
    }

    @Test
    void eachRoomKeepsOnlyItsCap() throws IOException {
        SqliteHistory history = SqliteHistory.open(dir.resolve("cap.db"), 10, Duration.ZERO);
        for (int i = 1; i <= 50; i++) {
            history.record(message(i, "lobby", "m" + i));
        }
        history.flush(Duration.ofSeconds(10));
        List<Event> kept = history.recent("lobby", 100, Long.MAX_VALUE);
        assertEquals(10, kept.size());
        assertEquals(41, id(kept.get(0)));
        history.close(Duration.ofSeconds(10));
    }

    @Test
    void theWholeFileKeepsOnlyItsTotalAndStaleRoomsGoFirst() throws IOException {
        SqliteHistory history = SqliteHistory.open(dir.resolve("total.db"), 10, 30, Duration.ZERO);
        long id = 0;
        for (int room = 1; room <= 50; room++) {
            for (int i = 0; i < 10; i++) {
                history.record(message(++id, "r" + room, "m" + id));
            }
        }
        history.flush(Duration.ofSeconds(10));
        int kept = 0;
        for (int room = 1; room <= 50; room++) {
            kept += history.recent("r" + room, 100, Long.MAX_VALUE).size();
        }
        assertTrue(kept <= 30, "kept " + kept);
        assertEquals(10, history.recent("r50", 100, Long.MAX_VALUE).size());
        assertEquals(List.of(), history.recent("r1", 100, Long.MAX_VALUE));
        history.close(Duration.ofSeconds(10));
    }

    @Test
    void messagesPastTheMaximumAgeAreDeleted() throws IOException {
        SqliteHistory history = SqliteHistory.open(dir.resolve("age.db"), 100, Duration.ofDays(1));
        Instant now = Instant.now();
        history.record(new Event.Message(1, "lobby", "old", "tcp", "last week", now.minus(Duration.ofDays(7))));
        history.record(new Event.Message(2, "lobby", "new", "tcp", "just now", now));
        history.flush(Duration.ofSeconds(10));
        List<Event> kept = history.recent("lobby", 10, Long.MAX_VALUE);
        assertEquals(List.of(2L), kept.stream().map(SqliteHistoryTest::id).toList());
        history.close(Duration.ofSeconds(10));
    }

    @Test
    void anUnusablePathIsAClearError() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        IOException e = assertThrows(IOException.class,
                () -> SqliteHistory.open(notADirectory.resolve("h.db"), 10, Duration.ZERO));
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
    }

    @Test
    void aStoreThatFailsAtRuntimeDropsWritesButKeepsAccepting() throws Exception {
        Path file = dir.resolve("broken.db");
        SqliteHistory history = SqliteHistory.open(file, 10, Duration.ZERO);
        history.record(message(1, "lobby", "stored"));
        history.flush(Duration.ofSeconds(10));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement s = other.createStatement()) {
            s.execute("DROP TABLE messages"); // the disk "fails" under the writer
        }
        history.record(message(2, "lobby", "lost"));
        Waits.until(() -> history.dropped() == 1, "the failed write is counted");
        history.record(message(3, "lobby", "also lost"));
        Waits.until(() -> history.dropped() == 2, "the writer keeps going after a failure");
        history.close(Duration.ofSeconds(10));
    }

    private static long id(Event e) {
        return e instanceof Event.Message m ? m.id() : ((Event.Emote) e).id();
    }
}
