package io.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.render.HtmlFormat;
import io.switchboard.render.JsonFormat;
import io.switchboard.render.LineFormat;
import io.switchboard.testing.RecordingSink;
import io.switchboard.testing.Waits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
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

    /** Keeps the payload objects it is handed, to tell whether members share one encoding. */
    static final class KeepingSink<T> implements Sink<T> {
        final List<T> got = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void write(List<T> batch) {
            got.addAll(batch);
        }

        @Override
        public void close(Ending ending, String reason) {
        }

        @Override
        public void abort() {
        }

        T first(String part) {
            synchronized (got) {
                for (T t : got) {
                    String text = t instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(t);
                    if (text.contains(part)) {
                        return t;
                    }
                }
            }
            return null;
        }
    }

    @Test
    void theRealFormatsEncodeAMessageOnceAndEveryMemberGetsTheSameBytes() {
        Hub hub = new Hub(HubLimits.defaults().withRate(1_000_000), executor, Clock.systemUTC());
        List<Format<?>> formats = List.of(LineFormat.CRLF, LineFormat.LF, JsonFormat.INSTANCE, HtmlFormat.INSTANCE);
        Map<Format<?>, List<KeepingSink<?>>> sinks = new ConcurrentHashMap<>();
        Member speaker = null;
        int n = 0;
        for (Format<?> format : formats) {
            for (int i = 0; i < 10; i++) {
                KeepingSink<Object> sink = new KeepingSink<>();
                @SuppressWarnings("unchecked")
                Format<Object> f = (Format<Object>) format;
                Member m = hub.join(TestPeers.tcp(n), new Outbox<>(f, sink, executor, 1000, 1 << 20), "m" + n++, null);
                speaker = speaker == null ? m : speaker;
                sinks.computeIfAbsent(format, k -> new ArrayList<>()).add(sink);
            }
        }
        hub.handle(speaker, "hello, every format");
        for (Format<?> format : formats) {
            List<KeepingSink<?>> members = sinks.get(format);
            Waits.until(() -> members.stream().allMatch(k -> k.first("hello, every format") != null),
                    "every member of " + format.getClass().getSimpleName() + " got the message");
            Object shared = members.get(0).first("hello, every format");
            for (KeepingSink<?> k : members) {
                assertSame(shared, k.first("hello, every format"), "one encoding per format, shared");
            }
        }
        // The page's "on the wire" panel shows the terminal's and the program's bytes: the same
        // ones they were sent, taken from the envelope rather than encoded again.
        String html = (String) sinks.get(HtmlFormat.INSTANCE).get(0).first("hello, every format");
        assertTrue(html.contains("hello, every format"), html);
    }

    /** Notes, for every encoding, whether the directory's or a room's lock was held. */
    static final class LockWatchingFormat implements Format<String> {
        volatile Object directory;
        final java.util.Set<Object> rooms = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final List<String> underLock = java.util.Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.atomic.AtomicInteger encoded = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public String encode(Event event) {
            encoded.incrementAndGet();
            Object d = directory;
            if (d != null && Thread.holdsLock(d)) {
                underLock.add("directory: " + event.getClass().getSimpleName());
            }
            for (Object room : rooms) {
                if (Thread.holdsLock(room)) {
                    underLock.add("room: " + event.getClass().getSimpleName());
                }
            }
            return event.getClass().getSimpleName();
        }

        @Override
        public int size(String payload) {
            return payload.length();
        }
    }

    @Test
    void nothingIsEncodedUnderTheDirectorysOrARoomsLock() throws Exception {
        Hub hub = new Hub(HubLimits.defaults().withRate(1_000_000), executor, Clock.systemUTC());
        java.lang.reflect.Field field = Hub.class.getDeclaredField("directory");
        field.setAccessible(true);
        Directory directory = (Directory) field.get(hub);
        LockWatchingFormat format = new LockWatchingFormat();
        format.directory = directory;
        Member first = hub.join(TestPeers.tcp(1), new Outbox<>(format, new KeepingSink<>(), executor, 1000, 1 << 20),
                "first", null);
        format.rooms.add(directory.room("lobby"));
        List<Member> members = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // joins (greeting, replay, roster), chat, moves, renames, a whisper
            members.add(hub.join(TestPeers.tcp(10 + i), new Outbox<>(format, new KeepingSink<>(), executor, 1000,
                    1 << 20), "m" + i, null));
        }
        hub.handle(first, "hello");
        hub.handle(members.get(0), "/join dev");
        format.rooms.add(directory.room("dev"));
        hub.handle(members.get(1), "/join dev");
        hub.handle(members.get(1), "in dev");
        hub.handle(members.get(2), "/nick renamed");
        hub.handle(members.get(3), "/msg first psst");
        hub.handle(members.get(4), "/who");
        hub.leave(members.get(4), "bye");
        assertTrue(format.encoded.get() > 20, "encodings seen: " + format.encoded.get());
        assertEquals(List.of(), format.underLock);
    }

    @Test
    void aRosterEntryIsMadeOncePerMemberAndANewNickMakesAFreshOne() {
        AtomicInteger made = new AtomicInteger();
        Function<MemberInfo, String> entry = m -> made.incrementAndGet() + ":" + m.nick();
        MemberInfo alice = new MemberInfo(1, "alice", "tcp", Side.NATIVE, "127.0.0.1:1", Instant.EPOCH, "");
        assertEquals("1:alice", alice.rendered(entry));
        assertEquals("1:alice", alice.rendered(entry)); // kept
        MemberInfo renamed = alice.withNick("alicia");
        assertEquals("2:alicia", renamed.rendered(entry));
        assertEquals(alice, new MemberInfo(1, "alice", "tcp", Side.NATIVE, "127.0.0.1:1", Instant.EPOCH, ""));

        // Through the hub: rosters of one room share the entries; a rename shows in the next roster.
        Hub hub = new Hub(HubLimits.defaults(), executor, Clock.systemUTC());
        Member bob = hub.join(TestPeers.tcp(1), lines(), "bob", "r");
        Member carol = hub.join(TestPeers.tcp(2), lines(), "carol", "r");
        String first = JsonFormat.members(hub.members("r"));
        assertSame(bob.info(), hub.members("r").get(0));
        assertEquals(first, JsonFormat.members(hub.members("r")));
        hub.handle(carol, "/nick caroline");
        Waits.until(() -> JsonFormat.members(hub.members("r")).contains("\"nick\":\"caroline\""),
                "the roster to show the new nick");
        assertTrue(!JsonFormat.members(hub.members("r")).contains("\"nick\":\"carol\""));
    }

    private Outbox<byte[]> lines() {
        return new Outbox<>(LineFormat.LF, new RecordingSink<>(), executor, 100, 1 << 20);
    }
}
