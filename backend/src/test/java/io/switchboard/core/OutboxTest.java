package io.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.render.LineFormat;
import io.switchboard.testing.RecordingSink;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OutboxTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final RecordingSink<byte[]> sink = new RecordingSink<>();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private Outbox<byte[]> outbox(int maxEvents) {
        return new Outbox<>(LineFormat.CRLF, sink, executor, maxEvents, 1 << 20);
    }

    private static Envelope notice(String text) {
        return new Envelope(new Event.Notice(text, Instant.EPOCH));
    }

    @Test
    void everythingPendingGoesOutInOneBatchInOrder() throws Exception {
        Outbox<byte[]> outbox = outbox(1000);
        sink.block();
        assertTrue(outbox.offer(notice("n0")));
        assertTrue(sink.entered.tryAcquire(10, TimeUnit.SECONDS));
        for (int i = 1; i < 100; i++) {
            assertTrue(outbox.offer(notice("n" + i)));
        }
        sink.unblock();
        for (int i = 0; i < 100; i++) {
            assertEquals("-!- n" + i, sink.items.poll(10, TimeUnit.SECONDS));
        }
        // While the first write was blocked, the other offers piled up: they go out in one more write.
        assertEquals(java.util.List.of(1, 99), sink.batchSizes);
        assertEquals(100, sink.batchSizes.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void overflowStopsAcceptingAndReportsOnce() {
        Outbox<byte[]> outbox = outbox(10);
        CompletableFuture<String> failure = new CompletableFuture<>();
        outbox.onFailure(reason -> {
            if (!failure.complete(reason)) {
                throw new AssertionError("failure reported twice");
            }
        });
        sink.block();
        int accepted = 0;
        for (int i = 0; i < 20; i++) {
            if (outbox.offer(notice("n" + i))) {
                accepted++;
            }
        }
        assertTrue(failure.isDone(), "a member over its limit is reported");
        assertTrue(failure.join().startsWith("too slow"), failure.join());
        assertTrue(accepted <= 11, "accepted " + accepted);
        assertFalse(outbox.offer(notice("late")));
        sink.unblock();
    }

    @Test
    void finishFlushesEverythingThenTheFarewellThenCloses() throws Exception {
        Outbox<byte[]> outbox = outbox(100);
        outbox.offer(notice("one"));
        outbox.offer(notice("two"));
        outbox.finish(notice("bye"), Ending.NORMAL, null, Duration.ofSeconds(10));
        assertFalse(outbox.offer(notice("after")));
        sink.closed.get(10, TimeUnit.SECONDS);
        outbox.closed().get(10, TimeUnit.SECONDS);
        assertEquals(java.util.List.of("-!- one", "-!- two", "-!- bye"), java.util.List.copyOf(sink.items));
        assertEquals(Ending.NORMAL, sink.ending());
        assertFalse(sink.aborted.isDone());
    }

    @Test
    void aDroppedMemberGetsTheReasonNotTheBacklog() throws Exception {
        Outbox<byte[]> outbox = outbox(100);
        sink.block();
        outbox.offer(notice("n0"));
        assertTrue(sink.entered.tryAcquire(10, TimeUnit.SECONDS), "the first write is under way (and stuck)");
        for (int i = 1; i < 5; i++) {
            outbox.offer(notice("n" + i));
        }
        outbox.finish(notice("disconnected: too slow"), Ending.DROPPED, "too slow", Duration.ofSeconds(10));
        sink.unblock();
        assertEquals("too slow", sink.closed.get(10, TimeUnit.SECONDS));
        assertEquals(Ending.DROPPED, sink.ending());
        assertEquals(java.util.List.of("-!- n0", "-!- disconnected: too slow"), java.util.List.copyOf(sink.items),
                "the write already under way, then the reason; n1..n4 were discarded");
    }

    @Test
    void aPeerThatNeverReadsIsAbortedAfterTheGrace() throws Exception {
        Outbox<byte[]> outbox = outbox(100);
        sink.block();
        outbox.offer(notice("stuck"));
        outbox.finish(notice("bye"), Ending.NORMAL, null, Duration.ofMillis(100));
        sink.aborted.get(10, TimeUnit.SECONDS);
        outbox.closed().get(10, TimeUnit.SECONDS);
        assertFalse(sink.closed.isDone(), "an aborted connection is not closed politely");
    }

    @Test
    void aFailedWriteAbortsAndReportsTheConnectionLost() throws Exception {
        CompletableFuture<String> failure = new CompletableFuture<>();
        Outbox<byte[]> outbox = new Outbox<>(LineFormat.CRLF, new RecordingSink<>() {
            @Override
            public void write(java.util.List<byte[]> batch) throws java.io.IOException {
                throw new java.io.IOException("Connection reset by peer");
            }
        }, executor, 100, 1 << 20);
        outbox.onFailure(failure::complete);
        outbox.offer(notice("x"));
        assertEquals("connection lost", failure.get(10, TimeUnit.SECONDS));
        outbox.closed().get(10, TimeUnit.SECONDS);
    }
}
