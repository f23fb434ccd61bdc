package io.switchboard.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Who is where under which nick: the hub's rooms and nicks, behind one short-held lock (this
 * object's). Membership changes (join, nick, moves, departures) take it; chat never does. Lock
 * order is directory, then room. Nothing here waits on the network or the disk: nick claims and
 * a new room's start ({@link Prefetch}) are obtained before the lock by the caller.
 */
final class Directory {
    private final HubContext ctx;
    private final RoomLists roomLists = new RoomLists(this::rooms, this::everyone);
    private final AtomicLong guests = new AtomicLong();
    // Guarded by "this".
    private final Map<String, Room> rooms = new TreeMap<>();
    private final Map<String, Member> byNick = new HashMap<>();
    private boolean closing;

    Directory(HubContext ctx) {
        this.ctx = ctx;
    }

    synchronized Room room(String name) {
        return rooms.get(name);
    }

    synchronized Member local(String nick) {
        return byNick.get(Names.fold(nick));
    }

    /** The rooms and their sizes, by name, on every node. */
    synchronized List<RoomInfo> rooms() {
        List<RoomInfo> local = new ArrayList<>(rooms.size());
        for (Room room : rooms.values()) {
            local.add(new RoomInfo(room.name(), room.everyone()));
        }
        Map<String, Integer> remote = ctx.backplane.remoteRooms();
        if (remote.isEmpty()) {
            // One node: the rooms are in name order already. Every join sends this list, under the
            // lock, and a sorted copy of every room per join was a sixth of a TCP join storm.
            return local;
        }
        Map<String, Integer> sizes = new TreeMap<>(remote);
        for (RoomInfo room : local) {
            sizes.put(room.name(), room.members()); // what this node watches is fresher
        }
        List<RoomInfo> list = new ArrayList<>(sizes.size());
        sizes.forEach((name, size) -> list.add(new RoomInfo(name, size)));
        return list;
    }

    /** True if a post to {@code name} would not add a room past the cap: it exists, here or elsewhere. */
    synchronized boolean mayPostTo(String name) {
        return rooms.containsKey(name) || name.equals(Hub.LOBBY) || ctx.backplane.remoteRooms().containsKey(name)
                || rooms.size() < ctx.limits.maxRooms();
    }

    synchronized int size() {
        return byNick.size();
    }

    synchronized List<Member> everyone() {
        return new ArrayList<>(byNick.values());
    }

    synchronized List<Room> allRooms() {
        return new ArrayList<>(rooms.values());
    }

    /** The members of a room on every node, or null if there is no such room. */
    List<MemberInfo> members(String roomName) {
        Room room = room(roomName);
        if (room != null) {
            return room.roster();
        }
        List<MemberInfo> elsewhere = ctx.backplane.roster(roomName);
        return elsewhere.isEmpty() ? null : elsewhere;
    }

    synchronized String nextGuest() {
        String nick;
        do {
            nick = "guest" + guests.incrementAndGet();
        } while (byNick.containsKey(nick));
        return nick;
    }

    /** A new room's start, read before the lock; null when the room is here already. */
    Prefetch prefetchIfNew(String name) {
        synchronized (this) {
            if (rooms.containsKey(name)) {
                return null;
            }
        }
        return Prefetch.read(ctx, name);
    }

    /**
     * Admits a member whose nick was claimed in the cluster ({@code nick} null: none could be),
     * greets it and puts it in its room; the caller delivers the returned intro once out of the
     * lock. Returns null when shutting down, or (setting {@code retry[0]}) when the room was
     * emptied and removed since {@code start} was looked for: the caller reads a start outside
     * the lock and calls again.
     */
    synchronized Intro admit(Admission.Ticket t, Prefetch start, boolean[] retry) {
        if (closing) {
            if (t.nick() != null) {
                ctx.backplane.release(Names.fold(t.nick()), MemberInfo.of(t.id(), t.nick(), t.peer(), ctx.node()));
            }
            return null;
        }
        if (start == null && !rooms.containsKey(t.room())) {
            retry[0] = true;
            return null;
        }
        String nick = t.nick();
        String problem = t.problem();
        if (nick != null && byNick.containsKey(Names.fold(nick))) {
            problem = "nick " + nick + " is taken; /nick NAME picks another";
            ctx.backplane.release(Names.fold(nick), MemberInfo.of(t.id(), nick, t.peer(), ctx.node()));
            nick = null;
        }
        if (nick == null) {
            nick = nextGuest();
        }
        Member member = new Member(t.id(), t.peer(), t.outbox(), nick, ctx.limits.rate(), ctx.node());
        // Dropping takes this lock, and the failure is noticed under a room's lock during
        // fan-out: hand it to another thread so locks are always taken directory-then-room.
        t.outbox().attach(ctx.stats);
        t.outbox().onFailure(reason -> {
            try {
                ctx.executor.execute(() -> t.onFailure().accept(member, reason));
            } catch (RejectedExecutionException e) {
                member.outbox().abort(); // shutting down: nobody is left to tell
            }
        });
        Intro intro = new Intro(member); // before anyone can reach it: no one's notice comes before its greeting
        byNick.put(Names.fold(nick), member);
        enterRoom(intro, t.room(), start, t.since());
        intro.tell(ctx.notice(Notices.welcome(nick, member.room(), member.currentRoom().everyone() - 1)));
        if (ctx.backplane.degraded()) {
            intro.tell(ctx.notice(Notices.degraded(member.room())));
        }
        if (problem != null) {
            intro.tell(ctx.error(problem));
        }
        return intro;
    }

    /**
     * Moves a member; the caller delivers the returned intro once out of the lock. Null when the
     * room needs its start read first (call again with one).
     */
    synchronized Intro moveTo(Member member, String name, Prefetch start) {
        if (start == null && !rooms.containsKey(name) && !member.gone()
                && !member.currentRoom().name().equals(name) && rooms.size() < ctx.limits.maxRooms()) {
            return null;
        }
        Intro intro = new Intro(member);
        if (member.gone()) {
            return intro;
        }
        Room from = member.currentRoom();
        if (from.name().equals(name)) {
            intro.tell(ctx.notice("you are already in #" + name));
            return intro;
        }
        if (!rooms.containsKey(name) && rooms.size() >= ctx.limits.maxRooms()) {
            intro.tell(ctx.error(ctx.roomCapProblem()));
            return intro;
        }
        exitRoom(intro, "went to #" + name, null);
        enterRoom(intro, name, start, -1);
        return intro;
    }

    /** Renames a member whose new nick is already claimed in the cluster; deliver the intro after. */
    synchronized Intro renameClaimed(Member member, String wanted) {
        Intro intro = new Intro(member);
        if (member.gone()) {
            ctx.backplane.release(Names.fold(wanted), member.info());
            return intro;
        }
        Member holder = byNick.get(Names.fold(wanted));
        if (holder != null && holder != member) {
            ctx.backplane.release(Names.fold(wanted), member.info()); // frees only a claim of this member's
            intro.tell(ctx.error("nick " + wanted + " is taken; choose another"));
            return intro;
        }
        String old = member.nick();
        byNick.remove(Names.fold(old));
        byNick.put(Names.fold(wanted), member);
        member.nick(wanted);
        Room room = member.currentRoom();
        intro.afterwards(room.lineUp(new Event.Renamed(room.name(), old, member.info(), ctx.now()), null));
        intro.tell(new Event.Self(member.info(), room.name()));
        ctx.backplane.renamed(room.name(), old, member.info());
        if (!Names.fold(old).equals(Names.fold(wanted))) {
            ctx.backplane.release(Names.fold(old), member.info());
        }
        return intro;
    }

    /** Takes a member out (once); deliver the returned intro (its room's notice) after. Null if it was out already. */
    synchronized Intro remove(Member member, String reason) {
        if (!member.markGone()) {
            return null;
        }
        Intro out = new Intro(member);
        byNick.remove(Names.fold(member.nick()), member);
        if (member.currentRoom() != null) {
            exitRoom(out, reason, Names.fold(member.nick()));
        } else {
            ctx.backplane.release(Names.fold(member.nick()), member.info());
        }
        return out;
    }

    /** Shutting down: later joins are refused; everyone who was in is returned. */
    synchronized List<Member> closeAll() {
        closing = true;
        List<Member> everyone = new ArrayList<>(byNick.values());
        byNick.clear();
        rooms.clear();
        return everyone;
    }

    // Both below run under the lock.
    /** {@code start} is a new room's start, read before the lock, or null for a room that is here. */
    private void enterRoom(Intro intro, String name, Prefetch start, long since) {
        Member member = intro.member();
        Room room = rooms.get(name);
        boolean created = room == null;
        if (created && rooms.size() >= ctx.limits.maxRooms() && !name.equals(Hub.LOBBY)) {
            intro.tell(ctx.error(ctx.roomCapProblem()));
            if (member.currentRoom() == null) {
                // A newcomer still needs a room: the lobby, which always exists once anyone came.
                enterRoom(intro, Hub.LOBBY, rooms.containsKey(Hub.LOBBY) ? null : Prefetch.EMPTY, -1);
            }
            return;
        }
        if (created) {
            room = start.open(ctx, name);
            rooms.put(name, room);
        }
        member.room(room);
        intro.tell(new Event.Self(member.info(), name));
        room.enter(member, ctx.limits.replay(), ctx.limits.replayBytes(), since, intro);
        intro.afterwards(room.lineUp(new Event.Joined(name, member.info(), ctx.now()), member));
        ctx.backplane.entered(name, member.info());
        intro.tell(new Event.Roster(name, room.roster()));
        if (created) {
            roomLists.changed();
        } else {
            intro.tell(new Event.Rooms(rooms()));
        }
    }

    /** {@code folded} is the member's nick when it is leaving altogether, else null. */
    private void exitRoom(Intro intro, String reason, String folded) {
        Member member = intro.member();
        Room room = member.currentRoom();
        room.remove(member);
        member.room(null);
        intro.afterwards(room.lineUp(new Event.Left(room.name(), member.info(), reason, ctx.now()), null));
        ctx.backplane.exited(room.name(), member.info(), reason, folded);
        // The lobby stays even when empty: every TCP and UDP member passes through it on the way
        // to its room, and each time it vanished and came back every member was sent the room list.
        if (room.size() == 0 && !room.name().equals(Hub.LOBBY)) {
            rooms.remove(room.name());
            ctx.backplane.unwatch(room.name());
            roomLists.changed();
        }
    }

    /** Rooms appeared or vanished elsewhere: every member's room list changes, once per burst. */
    void roomsChanged() {
        roomLists.changed();
    }
}
