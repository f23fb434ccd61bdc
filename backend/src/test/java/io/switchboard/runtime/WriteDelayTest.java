package io.switchboard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.DefaultEventLoop;
import io.switchboard.core.Envelope;
import io.switchboard.core.Event;
import io.switchboard.core.Outbox;
import io.switchboard.render.LineFormat;
import io.switchboard.testing.RecordingSink;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class WriteDelayTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private final DefaultEventLoop loop = new DefaultEventLoop();

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void linesQueuedWithinTheDelayShareOneWrite() throws Exception {
        RecordingSink<byte[]> sink = new RecordingSink<>();
        Outbox<byte[]> outbox = new Outbox<>(LineFormat.CRLF, sink, new WriteDelay(loop, SECOND), 1000, 1 << 20);
        for (int i = 0; i < 50; i++) {
            assertTrue(outbox.offer(new Envelope(new Event.Notice("n" + i, Instant.EPOCH))));
        }
        for (int i = 0; i < 50; i++) {
            assertEquals("-!- n" + i, sink.items.poll(10, TimeUnit.SECONDS));
        }
        assertEquals(List.of(50), sink.batchSizes, "fifty lines queued within a second: one write");
    }

    @Test
    void aDrainerThatBecomesDueWhileATickRunsRunsAtTheNextOnTheLoop() throws Exception {
        WriteDelay delay = new WriteDelay(loop, 1);
        CountDownLatch second = new CountDownLatch(1);
        CompletableFuture<Boolean> onLoop = new CompletableFuture<>();
        delay.execute(() -> delay.execute(() -> {
            onLoop.complete(loop.inEventLoop());
            second.countDown();
        }));
        assertTrue(second.await(10, TimeUnit.SECONDS), "the drainer given during a tick ran");
        assertTrue(onLoop.get(), "on the loop");
    }

    @Test
    void drainersGivenFromManyThreadsAllRunOnce() throws Exception {
        WriteDelay delay = new WriteDelay(loop, 1000);
        int threads = 4;
        int each = 1000;
        CountDownLatch ran = new CountDownLatch(threads * each);
        AtomicInteger runs = new AtomicInteger();
        List<Thread> givers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread giver = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    delay.execute(() -> {
                        runs.incrementAndGet();
                        ran.countDown();
                    });
                }
            });
            giver.start();
            givers.add(giver);
        }
        for (Thread giver : givers) {
            giver.join();
        }
        assertTrue(ran.await(10, TimeUnit.SECONDS), "every drainer ran");
        // Whatever came late would have run by the time a later tick has.
        CountDownLatch last = new CountDownLatch(1);
        delay.execute(last::countDown);
        assertTrue(last.await(10, TimeUnit.SECONDS));
        assertEquals(threads * each, runs.get(), "each exactly once");
    }
}
