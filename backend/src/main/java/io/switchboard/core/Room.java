package io.switchboard.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A room: its members and its recent messages. Publishing takes the room's own lock to give
 * an event its place in the room's order, then encodes it (once per format) outside the lock,
 * then takes the lock again to hand the envelope to each member's outbox (which never blocks),
 * so every member sees the room's events in one agreed order, encoding never holds the room,
 * and a slow member costs the room nothing.
 */
final class Room {
    private static final Member[] NONE = new Member[0];
    private static final Comparator<MemberInfo> BY_ARRIVAL = Comparator.comparing(MemberInfo::since)
            .thenComparingLong(MemberInfo::id);

    private final String name;
    private final int keep;
    private final ArrayDeque<Event> recent;
    private final History history;
    private final AtomicLong ids;
    // Copy-on-write: publishing iterates a stable array without copying.
    private volatile Member[] members = NONE;
    private final Fanout fanout = new Fanout(this);
    // Members on other nodes of a cluster, by MemberInfo.key(); guarded by "this".
    private final Map<String, MemberInfo> others = new LinkedHashMap<>();

    /**
     * A room whose recent tail starts as {@code tail}; chat ids come from {@code ids}, and chat
     * published here is recorded in {@code history}.
     */
    Room(String name, int keep, List<Event> tail, History history, AtomicLong ids) {
        this.name = name;
        this.keep = keep;
        this.history = history;
        this.ids = ids;
        this.recent = new ArrayDeque<>(tail.subList(Math.max(0, tail.size() - keep), tail.size()));
    }

    String name() {
        return name;
    }

    /** Members connected to this node. */
    int size() {
        return members.length;
    }

    /** A member of another node is here now: true if it was not known (then it was announced). */
    synchronized boolean otherJoined(MemberInfo who) {
        return others.put(who.key(), who) == null;
    }

    /** A member of another node left: true if it was known. */
    synchronized boolean otherLeft(MemberInfo who) {
        return others.remove(who.key()) != null;
    }

    /** The member of another node with this key, or null. */
    synchronized MemberInfo other(String key) {
        return others.get(key);
    }

    /** The members of other nodes, as now. */
    synchronized List<MemberInfo> othersNow() {
        return new ArrayList<>(others.values());
    }

    /** Everyone here, on every node, in the order they came. */
    synchronized List<MemberInfo> roster() {
        List<MemberInfo> list = new ArrayList<>(others.values());
        for (Member m : members) {
            list.add(m.info());
        }
        list.sort(BY_ARRIVAL);
        return list;
    }

    /** Members on every node. */
    synchronized int everyone() {
        return members.length + others.size();
    }

    Member[] members() {
        return members;
    }

    /**
     * Publishes a chat draft numbered with the next id, so ids in a room rise in the order members
     * see the messages; the event is remembered here and recorded in the history.
     */
    Event.Chat publishChat(Event.Chat draft) {
        return publishChat(draft, false);
    }

    /**
     * Like {@link #publishChat(Event.Chat)}; with {@code storedOrNothing}, a draft the history
     * cannot take is not delivered either, and null is returned: an API caller is told to retry
     * instead of getting a success for a message that no one who joins later will see.
     */
    Event.Chat publishChat(Event.Chat draft, boolean storedOrNothing) {
        Event.Chat event;
        Fanout.Pending pending;
        synchronized (this) {
            event = draft.withId(ids.incrementAndGet());
            if (!history.record(event) && storedOrNothing) {
                return null;
            }
            remember(event);
            pending = fanout.lineUp(event, members, null);
        }
        fanout.send(pending);
        return event;
    }

    /**
     * Delivers chat events numbered and recorded elsewhere (by the cluster), in arrival order.
     * A batch wakes each member's writer once: waking a thread per member per message was what
     * cluster mode spent its time on.
     */
    void deliverChats(List<Event.Chat> events) {
        List<Fanout.Pending> batch = new ArrayList<>(events.size());
        synchronized (this) {
            for (Event.Chat event : events) {
                remember(event);
                batch.add(fanout.lineUp(event, members, null));
            }
        }
        fanout.send(batch);
    }

    private void remember(Event event) {
        if (recent.size() == keep) {
            recent.removeFirst();
        }
        recent.addLast(event);
    }

    /** Delivers {@code event} to every member but {@code except} (may be null). */
    void publish(Event event, Member except) {
        lineUp(event, except).run();
    }

    /**
     * Gives {@code event} its place in the room's order now (for the members here now); the
     * returned send encodes and queues it, and is run once the caller holds no lock.
     */
    Runnable lineUp(Event event, Member except) {
        Fanout.Pending pending;
        synchronized (this) {
            pending = fanout.lineUp(event, members, except);
        }
        return () -> fanout.send(pending);
    }

    /**
     * Adds the member and, atomically with that, hands it the last {@code replay} messages, or,
     * when it comes back having seen up to message {@code since} (-1: new), every message after
     * that one: nothing published concurrently is either missed or seen twice.
     */
    synchronized void enter(Member member, int replay, long replayBytes, long since, Intro intro) {
        Member[] next = Arrays.copyOf(members, members.length + 1);
        next[members.length] = member;
        members = next;
        List<Event> missed = since < 0 ? null : after(since);
        if (missed != null && textBytes(missed) > replayBytes) {
            missed = null; // more than fits: the plain replay below, the rest is there to scroll back to
        }
        intro.tell(missed != null ? new Event.History(name, missed, true)
                : new Event.History(name, within(recent(replay), replayBytes)));
    }

    /** The newest of {@code events} whose text fits in {@code budget} bytes, oldest first. */
    private static List<Event> within(List<Event> events, long budget) {
        long used = 0;
        int from = events.size();
        while (from > 0) {
            long size = textBytes(List.of(events.get(from - 1)));
            if (used + size > budget) {
                break;
            }
            used += size;
            from--;
        }
        return from == 0 ? events : List.copyOf(events.subList(from, events.size()));
    }

    /** What the messages' text takes in UTF-8, as an estimate of what a replay costs to send. */
    private static long textBytes(List<Event> events) {
        long bytes = 0;
        for (Event e : events) {
            if (e instanceof Event.Chat chat) {
                bytes += chat.text().getBytes(StandardCharsets.UTF_8).length + 64;
            }
        }
        return bytes;
    }

    /**
     * The messages after id {@code since}, or null when the tail may not reach back that far
     * (it is full and starts later): then a plain replay is all that can be offered.
     */
    private List<Event> after(long since) {
        Event first = recent.peekFirst();
        if (recent.size() == keep && first != null && ((Event.Chat) first).id() > since) {
            return null;
        }
        List<Event> out = new ArrayList<>();
        for (Event e : recent) {
            if (((Event.Chat) e).id() > since) {
                out.add(e);
            }
        }
        return out;
    }

    synchronized void remove(Member member) {
        Member[] current = members;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == member) {
                Member[] next = new Member[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                members = next;
                return;
            }
        }
    }

    /** The last {@code count} chat events, oldest first. */
    synchronized List<Event> recent(int count) {
        List<Event> all = new ArrayList<>(recent);
        return List.copyOf(all.subList(Math.max(0, all.size() - count), all.size()));
    }
}
