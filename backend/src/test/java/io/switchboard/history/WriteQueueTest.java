package io.switchboard.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.core.Event;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The disk writer's queue holds a bounded number of bytes, not only of events. */
class WriteQueueTest {
    private static Event.Message message(long id, String text) {
        return new Event.Message(id, "lobby", "alice", "tcp", text, Instant.now());
    }

    @Test
    void bigMessagesFillItLongBeforeTheEventCount() throws InterruptedException {
        WriteQueue queue = new WriteQueue(100_000, 1 << 20);
        String big = "x".repeat(4096);
        int taken = 0;
        while (queue.offer(message(taken + 1, big))) {
            taken++;
        }
        assertTrue(taken > 0 && taken * WriteQueue.cost(message(1, big)) <= 1 << 20, "took " + taken);
        assertTrue(taken < 200, "took " + taken); // a count of 100,000 would have taken 800 MiB

        // A batch being written is still pending (readable) and still counted until committed.
        List<Event> batch = queue.take(10, 0);
        assertEquals(10, batch.size());
        assertFalse(queue.offer(message(999, big)));
        assertEquals(queue.size(), queue.pending().size());
        assertEquals(batch.get(0), queue.pending().get(0));
        queue.committed();
        assertTrue(queue.offer(message(999, big)));
    }

    @Test
    void theEventCountStillHolds() {
        WriteQueue queue = new WriteQueue(3, 1 << 20);
        assertTrue(queue.offer(message(1, "a")));
        assertTrue(queue.offer(message(2, "b")));
        assertTrue(queue.offer(message(3, "c")));
        assertFalse(queue.offer(message(4, "d")));
    }
}
