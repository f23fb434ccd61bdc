package io.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.switchboard.testing.RecordingSink;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EncodeOnceTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** A format that counts how often it is asked to encode each kind of event. */
    static final class CountingFormat implements Format<String> {
        final AtomicInteger messages = new AtomicInteger();

        @Override
        public String encode(Event event) {
            if (event instanceof Event.Message m) {
                messages.incrementAndGet();
                return m.nick() + ": " + m.text();
            }
            return null;
        }

        @Override
        public int size(String payload) {
            return payload.length();
        }
    }

    @Test
    void oneMessageToManyMembersIsEncodedOncePerFormat() {
        Hub hub = new Hub(HubLimits.defaults(), executor, Clock.systemUTC());
        CountingFormat format = new CountingFormat();
        RecordingSink<String> last = null;
        Member speaker = null;
        for (int i = 0; i < 50; i++) {
            last = new RecordingSink<>();
            Member m = hub.join(TestPeers.tcp(i), new Outbox<>(format, last, executor, 100, 1 << 20), "m" + i, null);
            speaker = speaker == null ? m : speaker;
        }
        hub.handle(speaker, "hello everyone");
        last.awaitContaining("m0: hello everyone");
        assertEquals(1, format.messages.get());
    }
}
