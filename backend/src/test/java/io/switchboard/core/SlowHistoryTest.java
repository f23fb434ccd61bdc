package io.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.render.LineFormat;
import io.switchboard.testing.RecordingSink;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A slow disk delays only the member entering a room whose history it reads, never the hub. */
@Timeout(30)
class SlowHistoryTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch reading = new CountDownLatch(1);
    private final CountDownLatch disk = new CountDownLatch(1);
    private final History slow = new History() {
        private final MemoryHistory memory = new MemoryHistory(200);

        @Override
        public boolean record(Event event) {
            return memory.record(event);
        }

        @Override
        public long lastId() {
            return memory.lastId();
        }

        @Override
        public List<Event> recent(String room, int limit, long before) {
            if (room.equals("archive")) {
                reading.countDown();
                try {
                    disk.await(20, TimeUnit.SECONDS); // a disk that takes its time
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return memory.recent(room, limit, before);
        }
    };
    private final Hub hub = new Hub(HubLimits.defaults().withRate(1_000_000), executor, Clock.systemUTC(), slow);

    @AfterEach
    void stop() {
        disk.countDown();
        executor.shutdownNow();
    }

    private Member member(String nick, RecordingSink<byte[]> sink) {
        return hub.join(TestPeers.tcp(nick.length()), new Outbox<>(LineFormat.CRLF, sink, executor, 1000, 1 << 20),
                nick, null);
    }

    @Test
    void othersChatAndListWhileARoomsHistoryIsRead() throws Exception {
        RecordingSink<byte[]> readerSink = new RecordingSink<>();
        RecordingSink<byte[]> otherSink = new RecordingSink<>();
        Member reader = member("reader", readerSink);
        Member other = member("other1", otherSink);
        CompletableFuture<Void> joining = CompletableFuture.runAsync(() -> hub.handle(reader, "/join archive"), executor);
        reading.await(10, TimeUnit.SECONDS);
        // The history read is under way; everything that needs the hub's lock still goes.
        hub.handle(other, "/who");
        otherSink.awaitContaining("#lobby has 2 members");
        hub.handle(other, "/rooms");
        otherSink.awaitContaining("lobby");
        Member late = member("latecomer", new RecordingSink<>());
        assertEquals("lobby", late.room());
        disk.countDown();
        joining.get(10, TimeUnit.SECONDS);
        assertEquals("archive", reader.room());
    }
}
