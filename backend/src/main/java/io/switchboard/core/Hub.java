package io.switchboard.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The room hub: who is where under which nick, and what they say. Adapters admit members
 * with {@link #join}, pass each line of input to {@link #handle}, and report departures with
 * {@link #leave} or {@link #vanished}. The hub answers only by delivering events to outboxes.
 *
 * <p>Membership changes (join, nick, room moves, departures) are rare and take the hub's lock;
 * chat takes only its room's lock, for one agreed order per room.
 */
public final class Hub {
    public static final String LOBBY = "lobby";

    private final HubLimits limits;
    private final RoomLists roomLists = new RoomLists(this::rooms, this::everyoneNow);
    private final Executor executor;
    private final Clock clock;
    private final History history;
    private final Backplane backplane;
    private final Stats stats = new Stats();
    private final AtomicLong ids;
    private final AtomicLong guests = new AtomicLong();
    // Guarded by "this".
    private final Map<String, Room> rooms = new TreeMap<>();
    private final Map<String, Member> byNick = new HashMap<>();
    private boolean closing;

    /**
     * A hub sharing its rooms through {@code backplane} ({@link Backplane#NONE} for a single
     * node), which it starts.
     */
    public Hub(HubLimits limits, Executor executor, Clock clock, History history, Backplane backplane) {
        this.limits = limits;
        this.executor = executor;
        this.clock = clock;
        this.history = history;
        this.backplane = backplane;
        this.ids = new AtomicLong(Math.max(history.lastId(), backplane.idBase()));
        backplane.start(new ClusterEvents(this));
    }

    /** A single node's hub. */
    public Hub(HubLimits limits, Executor executor, Clock clock, History history) {
        this(limits, executor, clock, history, Backplane.NONE);
    }

    /** A single node's hub whose history lives only in memory. */
    public Hub(HubLimits limits, Executor executor, Clock clock) {
        this(limits, executor, clock, new MemoryHistory(limits.keep()));
    }

    public Stats stats() {
        return stats;
    }

    public History history() {
        return history;
    }

    /** This node's name in a cluster; empty for a single node. */
    public String node() {
        return backplane.node();
    }

    /** True while this cluster node cannot reach the others: its rooms are local only. */
    public boolean degraded() {
        return backplane.degraded();
    }

    /**
     * Admits a member into {@code wantedRoom} (the lobby if null) as {@code wantedNick} (a
     * guest nick if null, invalid or taken, with a note saying why), and greets it.
     * Returns null when the hub is shutting down.
     */
    public Member join(Peer peer, Outbox<?> outbox, String wantedNick, String wantedRoom) {
        return join(peer, outbox, wantedNick, wantedRoom, -1);
    }

    /**
     * Like {@link #join}, for a member coming back after a lost connection that had seen
     * {@code wantedRoom}'s messages up to id {@code since}: it gets the ones it missed instead of
     * the usual replay (-1: a newcomer).
     */
    public Member join(Peer peer, Outbox<?> outbox, String wantedNick, String wantedRoom, long since) {
        String problem = null;
        String roomName = wantedRoom == null ? LOBBY : Names.room(wantedRoom);
        if (roomName == null) {
            problem = Names.roomRule() + "; you are in #" + LOBBY;
            roomName = LOBBY;
            since = -1; // what it saw was elsewhere
        }
        // The nick is claimed across the cluster before the hub's lock is taken: a claim may wait
        // on the other nodes, and the lock must not.
        long id = ids.incrementAndGet();
        String nick = null;
        if (wantedNick != null) {
            if (Names.nickProblem(wantedNick) != null) {
                problem = "cannot use nick \"" + wantedNick + "\": " + Names.nickProblem(wantedNick);
            } else if (!backplane.claim(Names.fold(wantedNick), MemberInfo.of(id, wantedNick, peer, node()))) {
                problem = "nick " + wantedNick + " is taken; /nick NAME picks another";
            } else {
                nick = wantedNick;
            }
        }
        if (nick == null) {
            nick = backplane.claimGuest(MemberInfo.of(id, null, peer, node()));
        }
        Prefetch start = snapshotIfNew(roomName);
        Member member;
        synchronized (this) {
            if (closing) {
                if (nick != null) {
                    backplane.release(Names.fold(nick), MemberInfo.of(id, nick, peer, node()));
                }
                return null;
            }
            if (nick != null && byNick.containsKey(Names.fold(nick))) {
                problem = "nick " + nick + " is taken; /nick NAME picks another";
                backplane.release(Names.fold(nick), MemberInfo.of(id, nick, peer, node()));
                nick = null;
            }
            if (nick == null) {
                nick = nextGuest();
            }
            member = new Member(id, peer, outbox, nick, limits.rate(), node());
            Member self = member;
            // Dropping takes the hub's lock, and the failure is noticed under a room's lock
            // during fan-out: hand it to another thread so locks are always taken hub-then-room.
            outbox.attach(stats);
            outbox.onFailure(reason -> {
                try {
                    executor.execute(() -> drop(self, reason));
                } catch (RejectedExecutionException e) {
                    self.outbox().abort(); // shutting down: nobody is left to tell
                }
            });
            byNick.put(Names.fold(nick), member);
            enterRoom(member, roomName, start, since);
            // Still under the lock: no one else's join notice can come before the greeting.
            member.deliver(new Envelope(notice(Notices.welcome(nick, member.room(),
                    member.currentRoom().everyone() - 1))));
            if (backplane.degraded()) {
                member.deliver(new Envelope(notice(Notices.degraded(member.room()))));
            }
            if (problem != null) {
                member.deliver(new Envelope(error(problem)));
            }
        }
        stats.lifecycle().joined(member);
        return member;
    }

    /** Acts on one line (or, from a browser, one multi-line message) of a member's input. */
    public void handle(Member member, String input) {
        if (member.gone()) {
            return;
        }
        String text = Sanitize.text(input);
        if (text.isEmpty()) {
            return; // empty input is not a message
        }
        int refused = member.spend(System.nanoTime());
        if (refused == 1) {
            tell(member, error("slow down: at most " + limits.rate() + " messages a second; this one was dropped"));
        }
        if (refused > 0) {
            stats.throttled();
            if (refused > limits.rate() * 10) { // still flooding after being told: out
                drop(member, "flooding: kept sending after being told to slow down");
            }
            return;
        }
        Command command = Commands.parse(text);
        if (command instanceof Command.Say say) {
            say(member, say.text());
        } else if (command instanceof Command.Me me) {
            Room room = member.currentRoom();
            if (room != null) {
                publish(room, new Event.Emote(0, room.name(), member.nick(), member.peer().transport(),
                        bounded(oneLine(me.action())), now()));
            }
        } else if (command instanceof Command.Nick nick) {
            rename(member, nick.name());
        } else if (command instanceof Command.Join join) {
            move(member, join.room());
        } else if (command instanceof Command.Msg msg) {
            whisper(member, msg.nick(), msg.text());
        } else if (command instanceof Command.Who) {
            Room room = member.currentRoom();
            List<MemberInfo> present;
            synchronized (this) {
                present = room == null ? List.of() : roster(room);
            }
            tell(member, notice(room == null ? "you are in no room" : Notices.who(room.name(), present)));
        } else if (command instanceof Command.Rooms) {
            tell(member, notice(Notices.rooms(rooms())));
        } else if (command instanceof Command.History history) {
            Room room = member.currentRoom();
            if (room != null) {
                tell(member, new Event.History(room.name(), room.recent(history.count())));
            }
        } else if (command instanceof Command.Help) {
            tell(member, notice(Commands.HELP));
        } else if (command instanceof Command.Quit quit) {
            leave(member, quit.reason().isEmpty() ? "quit" : "quit: " + oneLine(quit.reason()));
        } else if (command instanceof Command.Invalid invalid) {
            tell(member, error(invalid.problem()));
        }
        // Command.Ping: being heard from is all it is for.
    }

    /** Sends one event to one member. */
    public void tell(Member member, Event event) {
        member.deliver(new Envelope(event));
    }

    /** The member leaves on its own (quit, clean close): the room is told, its output is flushed. */
    public void leave(Member member, String reason) {
        if (remove(member, reason)) {
            stats.lifecycle().left(member, reason);
            member.outbox().finish(new Envelope(notice("bye")), Ending.NORMAL, null, limits.dropGrace());
        }
    }

    /** The member's connection is gone (reset, EOF, write failure): nothing more can reach it. */
    public void vanished(Member member, String reason) {
        if (remove(member, reason)) {
            stats.lifecycle().left(member, reason);
        }
        member.outbox().abort();
    }

    /** The server puts the member out: it gets the reason (pending output discarded), the room too. */
    public void drop(Member member, String reason) {
        if (remove(member, reason)) {
            stats.dropped(reason);
            stats.lifecycle().left(member, reason);
            member.outbox().finish(new Envelope(error("disconnected: " + reason)), Ending.DROPPED, reason,
                    limits.dropGrace());
        }
    }

    /** The rooms and their sizes, by name, on every node. */
    public synchronized List<RoomInfo> rooms() {
        Map<String, Integer> sizes = new TreeMap<>(backplane.remoteRooms());
        for (Room room : rooms.values()) {
            sizes.put(room.name(), room.everyone()); // what this node watches is fresher
        }
        List<RoomInfo> list = new ArrayList<>(sizes.size());
        sizes.forEach((name, size) -> list.add(new RoomInfo(name, size)));
        return list;
    }

    /** Members currently connected, on every transport. */
    public synchronized int size() {
        return byNick.size();
    }

    /** Payloads waiting in all members' outboxes. */
    public synchronized long pending() {
        long total = 0;
        for (Member m : byNick.values()) {
            total += m.pending();
        }
        return total;
    }

    /** Members by transport ("tcp", "udp", "ws"). */
    public synchronized Map<String, Integer> membersByTransport() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Member m : byNick.values()) {
            counts.merge(m.peer().transport(), 1, Integer::sum);
        }
        return counts;
    }

    /** The members of a room on every node, or null if there is no such room. */
    public List<MemberInfo> members(String roomName) {
        synchronized (this) {
            Room room = rooms.get(roomName);
            if (room != null) {
                return roster(room);
            }
        }
        List<MemberInfo> elsewhere = backplane.roster(roomName);
        return elsewhere.isEmpty() ? null : elsewhere;
    }

    /**
     * Tells everyone {@code notice}, flushes what is queued and closes every member, waiting at
     * most {@code grace} for slow ones; later joins are refused.
     */
    public void shutdown(String notice, Duration grace) {
        List<Member> everyone = new ArrayList<>();
        synchronized (this) {
            closing = true;
            everyone.addAll(byNick.values());
            byNick.clear();
            rooms.clear();
        }
        Envelope last = new Envelope(notice(notice));
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (Member m : everyone) {
            if (m.markGone()) {
                stats.lifecycle().left(m, notice);
            }
            m.outbox().finish(last, Ending.SHUTDOWN, notice, grace);
            closed.add(m.outbox().closed());
        }
        try {
            CompletableFuture.allOf(closed.toArray(new CompletableFuture[0])).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Slow members are aborted by their outbox deadline; shutdown goes on.
        }
        backplane.close();
        history.close(grace);
    }

    private void say(Member member, String text) {
        Room room = member.currentRoom();
        if (room != null) {
            publish(room, new Event.Message(0, room.name(), member.nick(), member.peer().transport(),
                    bounded(text), now()));
        }
    }

    /**
     * Room chat goes out through the cluster, which numbers it and hands it back in the room's
     * agreed order; on a single node, or while the cluster is unreachable, it is delivered here.
     */
    private void publish(Room room, Event.Chat draft) {
        stats.messageIn();
        if (!backplane.publish(draft)) {
            room.publishChat(draft);
        }
    }

    /**
     * A message from outside any connection (the HTTP API, a webhook): it reaches the room's
     * members, if any, and its history.
     */
    public Posted post(String roomName, String nick, String via, String rawText) {
        String room = Names.room(roomName);
        if (room == null) {
            return Posted.refused(Names.roomRule());
        }
        String problem = Names.nickProblem(nick);
        if (problem != null) {
            return Posted.refused(problem);
        }
        String text = bounded(Sanitize.text(rawText));
        if (text.isEmpty()) {
            return Posted.refused("text is empty once control characters are removed");
        }
        return postDraft(new Event.Message(0, room, nick, via, text, now()));
    }

    /**
     * Shares a stored file with a room, by the route chat takes: as {@code by}'s (rate limited, in its
     * current room), or, with {@code by} null, from outside any connection under {@code nick}, like {@link #post}.
     */
    public Posted share(Member by, String roomName, String nick, String via, SharedFile file) {
        if (by == null) {
            String room = Names.room(roomName);
            String problem = room == null ? Names.roomRule() : Names.nickProblem(nick);
            return problem != null ? Posted.refused(problem)
                    : postDraft(new Event.Shared(0, room, nick, via, file, now()));
        }
        Room room = by.currentRoom();
        if (by.gone() || room == null) {
            return Posted.refused("you are in no room");
        }
        if (by.spend(System.nanoTime()) > 0) {
            stats.throttled();
            return Posted.refused("slow down: at most " + limits.rate() + " messages a second; the file was not shared");
        }
        Event.Shared draft = new Event.Shared(0, room.name(), by.nick(), by.peer().transport(), file, now());
        publish(room, draft);
        return Posted.ok(draft);
    }

    /** Posts a draft from outside any connection: to the room's members, if any, and its history. */
    private Posted postDraft(Event.Chat draft) {
        String room = draft.room();
        String nick = draft.nick();
        Room target;
        synchronized (this) {
            if (byNick.containsKey(Names.fold(nick))) {
                return Posted.clash("nick " + nick + " belongs to a connected member; post under another nick");
            }
            target = rooms.get(room);
        }
        stats.messageIn();
        Event.Chat shared = backplane.publishAndWait(draft, limits.dropGrace());
        if (shared != null) {
            return Posted.ok(shared);
        }
        if (target != null) {
            return Posted.ok(target.publishChat(draft));
        }
        if (!node().isEmpty()) {
            // A cluster node whose Redis is away has no shared history to keep it in.
            return Posted.unavailable("the cluster cannot be reached and nobody on this node is in #" + room
                    + "; nothing was posted, try again");
        }
        // Nobody is in the room: the message goes straight to its history.
        Event.Chat message = draft.withId(ids.incrementAndGet());
        history.record(message);
        return Posted.ok(message);
    }

    private void whisper(Member from, String toNick, String text) {
        Member to;
        synchronized (this) {
            to = byNick.get(Names.fold(toNick));
        }
        long id = ids.incrementAndGet();
        String body = bounded(text);
        Instant at = now();
        String via = from.peer().transport();
        if (to == null) {
            // Perhaps a member of another node: its node delivers it.
            Event.Private sent = new Event.Private(id, from.nick(), toNick, via, body, true, at);
            if (!backplane.whisper(Names.fold(toNick), sent)) {
                tell(from, error("no one is called " + toNick + "; /who lists who is here"));
                return;
            }
            stats.messageIn();
            tell(from, sent);
            return;
        }
        stats.messageIn();
        tell(to, new Event.Private(id, from.nick(), to.nick(), via, body, false, at));
        if (to != from) {
            tell(from, new Event.Private(id, from.nick(), to.nick(), via, body, true, at));
        }
    }

    private void rename(Member member, String wanted) {
        String problem = Names.nickProblem(wanted);
        if (problem != null) {
            tell(member, error("cannot use nick \"" + wanted + "\": " + problem));
            return;
        }
        if (member.nick().equals(wanted)) {
            tell(member, notice("you are already " + wanted));
            return;
        }
        if (!backplane.claim(Names.fold(wanted), member.info())) {
            tell(member, error("nick " + wanted + " is taken; choose another"));
            return;
        }
        renameClaimed(member, wanted);
    }

    /** Another node's member holds this member's nick: it becomes a guest, and is told why. */
    void giveWay(Member member) {
        String old = member.nick();
        String guest = backplane.claimGuest(member.info());
        if (guest == null) {
            synchronized (this) {
                guest = nextGuest();
            }
        }
        tell(member, error("nick " + old + " was taken on another node while this one was cut off; you are now "
                + guest));
        renameClaimed(member, guest);
    }

    /** Renames a member whose new nick is already claimed in the cluster. */
    synchronized void renameClaimed(Member member, String wanted) {
        if (member.gone()) {
            backplane.release(Names.fold(wanted), member.info());
            return;
        }
        Member holder = byNick.get(Names.fold(wanted));
        if (holder != null && holder != member) {
            backplane.release(Names.fold(wanted), member.info()); // frees only a claim of this member's
            tell(member, error("nick " + wanted + " is taken; choose another"));
            return;
        }
        String old = member.nick();
        byNick.remove(Names.fold(old));
        byNick.put(Names.fold(wanted), member);
        member.nick(wanted);
        Room room = member.currentRoom();
        room.publish(new Event.Renamed(room.name(), old, member.info(), now()), null);
        tell(member, new Event.Self(member.info(), room.name()));
        backplane.renamed(room.name(), old, member.info());
        if (!Names.fold(old).equals(Names.fold(wanted))) {
            backplane.release(Names.fold(old), member.info());
        }
    }

    private void move(Member member, String wanted) {
        String name = Names.room(wanted);
        if (name == null) {
            tell(member, error("cannot join \"" + wanted + "\": " + Names.roomRule()));
            return;
        }
        moveTo(member, name, snapshotIfNew(name));
    }

    private synchronized void moveTo(Member member, String name, Prefetch start) {
        if (member.gone()) {
            return;
        }
        Room from = member.currentRoom();
        if (from.name().equals(name)) {
            tell(member, notice("you are already in #" + name));
            return;
        }
        if (!rooms.containsKey(name) && rooms.size() >= limits.maxRooms()) {
            tell(member, error("the server has its maximum of " + limits.maxRooms()
                    + " rooms; join one that exists (/rooms lists them)"));
            return;
        }
        exitRoom(member, "went to #" + name, null);
        enterRoom(member, name, start, -1);
    }

    /**
     * What a room this node does not have yet starts with, fetched before the hub's lock is taken:
     * the cluster's snapshot, or the stored history; the lock must never wait on the network or the
     * disk. Null when the room is here already.
     */
    private Prefetch snapshotIfNew(String name) {
        synchronized (this) {
            if (rooms.containsKey(name)) {
                return null;
            }
        }
        return snapshotNow(name);
    }

    private Prefetch snapshotNow(String name) {
        Backplane.RoomView shared = backplane.snapshot(name, limits.keep());
        return new Prefetch(shared, shared != null ? null : history.recent(name, limits.keep(), Long.MAX_VALUE));
    }

    /** A new room's start, read before the lock: the cluster's view of it, or (single node) its stored tail. */
    private record Prefetch(Backplane.RoomView shared, List<Event> stored) {
    }

    private synchronized boolean remove(Member member, String reason) {
        if (!member.markGone()) {
            return false;
        }
        byNick.remove(Names.fold(member.nick()), member);
        if (member.currentRoom() != null) {
            exitRoom(member, reason, Names.fold(member.nick()));
        } else {
            backplane.release(Names.fold(member.nick()), member.info());
        }
        return true;
    }

    // Both below run under the hub's lock.
    /**
     * {@code prefetch} is a new room's start (the cluster's snapshot or its stored tail), read before
     * the lock, or null;
     * {@code since} the last message id a returning member saw here, or -1.
     */
    private void enterRoom(Member member, String name, Prefetch prefetch, long since) {
        Room room = rooms.get(name);
        boolean created = room == null;
        if (created && rooms.size() >= limits.maxRooms() && !name.equals(LOBBY)) {
            tell(member, error("the server has its maximum of " + limits.maxRooms()
                    + " rooms; join one that exists (/rooms lists them)"));
            if (member.currentRoom() == null) {
                enterRoom(member, LOBBY, null, -1); // a newcomer still needs a room (the lobby always exists)
            }
            return;
        }
        if (created) {
            // A room shared with other nodes brings its scrollback and their members along. The
            // room was here at the look before the lock only if it was emptied meanwhile: then
            // (rarely) its start is read here, under the lock.
            Prefetch start = prefetch != null ? prefetch : snapshotNow(name);
            Backplane.RoomView shared = start.shared();
            room = new Room(name, limits.keep(), shared == null ? start.stored() : shared.recent(), history, ids);
            if (shared != null) {
                for (MemberInfo other : shared.others()) {
                    room.others().put(other.key(), other);
                }
                backplane.watch(name, shared);
            }
            rooms.put(name, room);
        }
        member.room(room);
        tell(member, new Event.Self(member.info(), name));
        room.enter(member, limits.replay(), limits.replayBytes(), since);
        room.publish(new Event.Joined(name, member.info(), now()), member);
        backplane.entered(name, member.info());
        tell(member, new Event.Roster(name, roster(room)));
        if (created) {
            announceRooms();
        } else {
            tell(member, new Event.Rooms(rooms()));
        }
    }

    /** {@code folded} is the member's nick when it is leaving altogether, else null. */
    private void exitRoom(Member member, String reason, String folded) {
        Room room = member.currentRoom();
        room.remove(member);
        member.room(null);
        room.publish(new Event.Left(room.name(), member.info(), reason, now()), null);
        backplane.exited(room.name(), member.info(), reason, folded);
        // The lobby stays even when empty: every TCP and UDP member passes through it on the way
        // to its room, and each time it vanished and came back every member was sent the room list.
        if (room.size() == 0 && !room.name().equals(LOBBY)) {
            rooms.remove(room.name());
            backplane.unwatch(room.name());
            announceRooms();
        }
    }

    /** Rooms appeared or vanished: every member's room list changes, in one broadcast per burst. */
    void announceRooms() {
        roomLists.changed();
    }

    private synchronized List<Member> everyoneNow() {
        return new ArrayList<>(byNick.values());
    }

    List<MemberInfo> roster(Room room) {
        List<MemberInfo> list = new ArrayList<>(room.others().values());
        for (Member m : room.members()) {
            list.add(m.info());
        }
        list.sort(Comparator.comparing(MemberInfo::since).thenComparing(MemberInfo::id));
        return list;
    }

    // For ClusterEvents, which runs the other nodes' side of things under this hub's lock.
    Room room(String name) {
        return rooms.get(name);
    }

    Member local(String nick) {
        return byNick.get(Names.fold(nick));
    }

    Iterable<Member> everyone() {
        return byNick.values();
    }

    Iterable<Room> allRooms() {
        return rooms.values();
    }

    Executor executor() {
        return executor;
    }

    String nextGuest() {
        String nick;
        do {
            nick = "guest" + guests.incrementAndGet();
        } while (byNick.containsKey(nick));
        return nick;
    }

    /** A message within its limits: lines, then bytes. */
    private String bounded(String text) {
        return Sanitize.limitBytes(Sanitize.limitLines(text, limits.maxLines()), limits.maxBytes());
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ');
    }

    Event.Notice notice(String text) {
        return new Event.Notice(text, now());
    }

    private Event.Error error(String text) {
        return new Event.Error(text, now());
    }

    Instant now() {
        return clock.instant();
    }
}
