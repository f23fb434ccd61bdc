package io.switchboard.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.render.LineFormat;
import io.switchboard.testing.RecordingSink;
import io.switchboard.testing.Waits;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class HubTest {
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Hub hub = new Hub(HubLimits.defaults().withRate(1_000_000).withMaxRooms(3), executor,
            Clock.systemUTC());
    private int peers;

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private final class Client {
        final RecordingSink<byte[]> sink = new RecordingSink<>();
        final Member member;

        Client(String nick, String room) {
            member = hub.join(TestPeers.tcp(peers++), new Outbox<>(LineFormat.CRLF, sink, executor, 1000, 1 << 20),
                    nick, room);
        }

        Client say(String text) {
            hub.handle(member, text);
            return this;
        }

        String await(String part) {
            return sink.awaitContaining(part);
        }
    }

    @Test
    void guestsGetAGreetingAndEachOtherSeesTheJoin() {
        Client a = new Client(null, null);
        assertTrue(a.member.nick().startsWith("guest"));
        a.await("welcome to Switchboard, " + a.member.nick());
        a.await("/nick NAME changes your nick, /join ROOM changes room");
        Client b = new Client("bob", null);
        a.await("-!- bob joined #lobby (tcp 127.0.0.1:");
        assertEquals("lobby", b.member.room());
    }

    @Test
    void theLobbyStaysWhenItEmptiesSoPassingThroughItAnnouncesNoRooms() {
        Client a = new Client("alice", null);
        a.say("/join dev");
        a.say("/join dev");
        a.await("-!- you are already in #dev");
        assertEquals(java.util.List.of(new RoomInfo("dev", 1), new RoomInfo("lobby", 0)), hub.rooms());
        a.say("/join other");
        a.say("/join other");
        a.await("-!- you are already in #other");
        assertEquals(java.util.List.of(new RoomInfo("lobby", 0), new RoomInfo("other", 1)), hub.rooms(),
                "other rooms still go when they empty");
    }

    @Test
    void chatEmoteAndTheSlashEscape() {
        Client a = new Client("alice", null);
        Client b = new Client("bob", null);
        a.say("hello bob");
        b.await("<alice> hello bob");
        a.say("/me waves");
        b.await("* alice waves");
        a.say("//etc/passwd is a path");
        b.await("<alice> /etc/passwd is a path");
    }

    @Test
    void nicksAreUniqueCaseInsensitivelyAndUnicodeIsWelcome() {
        Client a = new Client("alice", null);
        Client b = new Client("bob", null);
        b.say("/nick ALICE");
        b.await("-!- error: nick ALICE is taken");
        b.say("/nick 小明");
        a.await("-!- bob is now known as 小明");
        assertEquals("小明", b.member.nick());
        b.say("/nick 1abc");
        b.await("-!- error: cannot use nick \"1abc\": a nick starts with a letter or _");
        Client c = new Client("Alice", null);
        c.await("-!- error: nick Alice is taken; /nick NAME picks another");
        assertTrue(c.member.nick().startsWith("guest"));
        a.say("/nick Alice");
        b.await("-!- alice is now known as Alice");
    }

    @Test
    void privateMessagesReachOnlyTheTwoOfThem() {
        Client a = new Client("alice", null);
        Client b = new Client("bob", null);
        Client c = new Client("carol", null);
        a.say("/msg BOB psst");
        b.await("*alice* psst");
        a.await("-> *bob* psst");
        a.say("/msg nobody hi");
        a.await("-!- error: no one is called nobody");
        c.say("done");
        c.await("<carol> done");
        assertFalse(c.sink.seen().stream().anyMatch(line -> line.contains("psst")));
    }

    @Test
    void joiningAnotherRoomTellsBothRoomsAndReplaysHistory() {
        Client a = new Client("alice", "dev");
        a.say("first");
        a.say("second");
        Client b = new Client("bob", null);
        Client watcher = new Client("wendy", null);
        b.say("/join #DEV");
        watcher.await("-!- bob left #lobby (went to #dev)");
        a.await("-!- bob joined #dev");
        b.await("-!- last 2 messages in #dev:");
        assertTrue(b.await("<alice> first").matches("\\[\\d\\d:\\d\\d] <alice> first"));
        b.await("<alice> second");
        b.await("-!- end of history");
        b.say("/rooms");
        b.await("#dev (2)");
        b.say("/who");
        b.await("#dev has 2 members:");
        b.say("/join bad room!");
        b.await("usage: /join ROOM");
        b.say("/join bad!");
        b.await("-!- error: cannot join \"bad!\": a room name has 1 to 32 letters, digits, _ or -");
    }

    @Test
    void quitTellsTheRoomAndClosesAfterTheGoodbye() throws Exception {
        Client a = new Client("alice", null);
        Client b = new Client("bob", null);
        b.say("/quit see you");
        a.await("-!- bob left #lobby (quit: see you)");
        b.await("-!- bye");
        b.sink.closed.get(10, TimeUnit.SECONDS);
        assertTrue(b.member.gone());
        assertNull(hub.members("lobby").stream().filter(m -> m.nick().equals("bob")).findAny().orElse(null));
        Client again = new Client("bob", null);
        assertEquals("bob", again.member.nick(), "a nick is free again once its member left");
    }

    @Test
    void aSlowMemberIsDroppedWithAReasonAndTheRoomGoesOn() throws Exception {
        Client fast = new Client("fast", null);
        RecordingSink<byte[]> stuck = new RecordingSink<>();
        stuck.block();
        Member slow = hub.join(TestPeers.tcp(99), new Outbox<>(LineFormat.CRLF, stuck, executor, 50, 1 << 20),
                "slow", null);
        for (int i = 0; i < 200; i++) {
            fast.say("message " + i);
        }
        fast.await("<fast> message 199");
        Waits.until(() -> fast.sink.seen().stream().anyMatch(l -> l.startsWith("-!- slow left #lobby (too slow")),
                "the room is told the slow member left"); // dropping is asynchronous: no order vs. messages
        assertTrue(slow.gone());
        stuck.unblock();
        assertTrue(stuck.closed.get(10, TimeUnit.SECONDS).startsWith("too slow"));
        stuck.awaitContaining("-!- error: disconnected: too slow");
    }

    @Test
    void aMultiLineMessageIsCutAtTheLimitWithAMarker() {
        Client a = new Client("alice", null);
        Client b = new Client("bob", null);
        a.say(String.join("\n", java.util.Collections.nCopies(25, "line")));
        b.await("<alice> line");
        b.await("<alice> [5 more lines cut]");
        assertEquals(20, b.sink.seen().stream().filter("<alice> line"::equals).count());
    }

    @Test
    void emptyAndControlOnlyInputIsIgnored() {
        Client a = new Client("alice", null);
        Client b = new Client("bob", null);
        a.say("");
        a.say("   ");
        a.say("\u001b[2J");
        a.say("after");
        b.await("<alice> after");
        assertFalse(b.sink.seen().stream().anyMatch(line -> line.startsWith("<alice> ") && !line.endsWith("after")));
    }

    @Test
    void shutdownTellsEveryoneAndRefusesNewcomers() throws Exception {
        Client a = new Client("alice", null);
        hub.shutdown("server shutting down", java.time.Duration.ofSeconds(5));
        a.await("-!- server shutting down");
        assertEquals(Ending.SHUTDOWN, a.sink.ending());
        assertNotNull(a.sink.closed.get(1, TimeUnit.SECONDS));
        assertNull(hub.join(TestPeers.tcp(5), new Outbox<>(LineFormat.CRLF, new RecordingSink<>(), executor, 10, 1000),
                null, null));
    }

    @Test
    void aMemberOverItsMessageRateIsToldThenDroppedIfItKeepsFlooding() throws Exception {
        Hub strict = new Hub(HubLimits.defaults().withRate(5), executor, Clock.systemUTC());
        RecordingSink<byte[]> innocentSink = new RecordingSink<>();
        Member innocent = strict.join(TestPeers.tcp(1), new Outbox<>(LineFormat.CRLF, innocentSink, executor, 1000,
                1 << 20), "innocent", null);
        RecordingSink<byte[]> flooderSink = new RecordingSink<>();
        Member flooder = strict.join(TestPeers.tcp(2), new Outbox<>(LineFormat.CRLF, flooderSink, executor, 1000,
                1 << 20), "flooder", null);
        for (int i = 0; i < 12; i++) {
            strict.handle(flooder, "spam " + i);
        }
        flooderSink.awaitContaining("-!- error: slow down: at most 5 messages a second; this one was dropped");
        strict.handle(innocent, "I can still talk");
        innocentSink.awaitContaining("<innocent> I can still talk");
        long delivered = innocentSink.seen().stream().filter(l -> l.startsWith("<flooder> spam")).count();
        assertTrue(delivered >= 10 && delivered < 12, delivered + " of 12 got through a burst of 10");
        for (int i = 0; i < 100 && !flooder.gone(); i++) {
            strict.handle(flooder, "more spam " + i);
        }
        assertTrue(flooder.gone(), "persistent flooding disconnects");
        flooderSink.awaitContaining("-!- error: disconnected: flooding");
        innocentSink.awaitContaining("-!- flooder left #lobby (flooding");
        assertEquals(1, flooderSink.seen().stream().filter(l -> l.startsWith("-!- error: slow down")).count(),
                "told once");
    }

    @Test
    void theRoomCapRefusesNewRoomsButNotExistingOnes() {
        new Client("carol", null); // keeps #lobby alive: with #two and #three that makes the 3 allowed
        Client a = new Client("alice", null);
        a.say("/join two");
        a.say("/who");
        a.await("#two has 1 member");
        Client b = new Client("bob", "three");
        a.say("/join four");
        a.await("-!- error: the server has its maximum of 3 rooms; join one that exists (/rooms lists them)");
        assertEquals("two", a.member.room());
        a.say("/join three");
        b.await("-!- alice joined #three");
    }
}
