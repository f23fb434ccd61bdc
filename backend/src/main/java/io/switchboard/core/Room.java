package io.switchboard.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A room: its members and its recent messages. Publishing takes the room's own lock only
 * while handing the envelope to each member's outbox (which never blocks), so every member
 * sees the room's events in one agreed order and a slow member costs the room nothing.
 */
final class Room {
    private static final Member[] NONE = new Member[0];

    private final String name;
    private final int keep;
    private final ArrayDeque<Event> recent;
    // Copy-on-write: publishing iterates a stable array without copying.
    private volatile Member[] members = NONE;

    Room(String name, int keep) {
        this.name = name;
        this.keep = keep;
        this.recent = new ArrayDeque<>(Math.min(keep, 64));
    }

    String name() {
        return name;
    }

    int size() {
        return members.length;
    }

    Member[] members() {
        return members;
    }

    /** Delivers {@code event} to every member but {@code except} (may be null); remembers chat. */
    synchronized void publish(Event event, Member except) {
        if (event instanceof Event.Message || event instanceof Event.Emote) {
            if (recent.size() == keep) {
                recent.removeFirst();
            }
            recent.addLast(event);
        }
        Envelope envelope = new Envelope(event);
        for (Member m : members) {
            if (m != except) {
                m.deliver(envelope);
            }
        }
    }

    /**
     * Adds the member and, atomically with that, hands it the last {@code replay} messages:
     * nothing published concurrently is either missed or seen twice.
     */
    synchronized void enter(Member member, int replay) {
        Member[] next = Arrays.copyOf(members, members.length + 1);
        next[members.length] = member;
        members = next;
        member.deliver(new Envelope(new Event.History(name, recent(replay))));
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
