package io.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.render.LineFormat;
import io.switchboard.testing.RecordingSink;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** History is bounded in total, and an API post the store cannot take, or that would add a room past the cap, is refused. */
@Timeout(30)
class HistoryBoundsTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private static Event.Message message(long id, String room, String text) {
        return new Event.Message(id, room, "alice", "tcp", text, Instant.now());
    }

    @Test
    void memoryForgetsTheRoomsUsedLeastRecentlyPastItsTotal() {
        MemoryHistory history = new MemoryHistory(10, 30, MemoryHistory.MAX_BYTES);
        long id = 0;
        for (int room = 1; room <= 100; room++) { // every room name anyone ever posted to
            for (int i = 0; i < 10; i++) {
                history.record(message(++id, "r" + room, "m" + id));
            }
        }
        assertTrue(history.size() <= 30, "kept " + history.size());
        assertEquals(10, history.recent("r100", 100, Long.MAX_VALUE).size());
        assertEquals(List.of(), history.recent("r1", 100, Long.MAX_VALUE));
        assertEquals(1000, history.lastId());
    }

    @Test
    void memoryIsBoundedInBytesWhateverTheCounts() {
        MemoryHistory history = new MemoryHistory(10_000, 1_000_000, 1 << 20);
        String big = "x".repeat(4096);
        for (int i = 1; i <= 1000; i++) { // 8 MiB of text offered to a 1 MiB store
            history.record(message(i, "r" + (i % 7), big));
        }
        int kept = 0;
        for (int r = 0; r < 7; r++) {
            kept += history.recent("r" + r, 10_000, Long.MAX_VALUE).size();
        }
        assertTrue(kept > 0 && kept * 2L * 4096 <= 1 << 20, "kept " + kept);
        assertFalse(history.recent("r" + (1000 % 7), 1, Long.MAX_VALUE).isEmpty()); // the newest is there
    }

    /** A store that is full: it takes nothing. */
    private static final class FullStore implements History {
        @Override
        public boolean record(Event event) {
            return false;
        }

        @Override
        public List<Event> recent(String room, int limit, long before) {
            return List.of();
        }

        @Override
        public long lastId() {
            return 0;
        }
    }

    @Test
    void anApiPostTheStoreCannotTakeIsRefusedAndReachesNoOne() {
        Hub hub = new Hub(HubLimits.defaults().withRate(1_000_000), executor, Clock.systemUTC(), new FullStore());
        RecordingSink<byte[]> sink = new RecordingSink<>();
        Member alice = hub.join(TestPeers.tcp(1), new Outbox<>(LineFormat.CRLF, sink, executor, 1000, 1 << 20),
                "alice", null);
        sink.awaitContaining("welcome to Switchboard, alice");

        Posted toEmpty = hub.post("elsewhere", "bot", "api", "nobody here");
        assertTrue(toEmpty.unavailable(), String.valueOf(toEmpty));
        Posted toLobby = hub.post("lobby", "bot", "api", "lost if stored nowhere");
        assertTrue(toLobby.unavailable(), String.valueOf(toLobby));
        assertNull(toLobby.message());
        // Members' own chat still flows (the store losing it is counted, not a reason to be silent).
        hub.handle(alice, "still talking");
        sink.awaitContaining("<alice> still talking");
        assertFalse(sink.seen().toString().contains("lost if stored nowhere"));
    }

    @Test
    void anApiPostToANewRoomObeysTheRoomCap() {
        Hub hub = new Hub(HubLimits.defaults().withRate(1_000_000).withMaxRooms(2), executor, Clock.systemUTC());
        RecordingSink<byte[]> sink = new RecordingSink<>();
        Member alice = hub.join(TestPeers.tcp(1), new Outbox<>(LineFormat.CRLF, sink, executor, 1000, 1 << 20),
                "alice", null);
        hub.handle(alice, "/join dev"); // lobby + dev: the cap
        assertEquals(2, hub.rooms().size());

        Posted refused = hub.post("third", "bot", "api", "a room past the cap");
        assertTrue(refused.missing(), String.valueOf(refused));
        assertTrue(refused.problem().contains("maximum of 2 rooms"), refused.problem());
        assertEquals(List.of(), hub.history().recent("third", 10, Long.MAX_VALUE));
        // Rooms that exist take posts, members or not.
        assertTrue(hub.post("dev", "bot", "api", "to dev").message() != null);
        assertTrue(hub.post("lobby", "bot", "api", "to the empty lobby").message() != null);
        sink.awaitContaining("<bot> to dev");
    }
}
