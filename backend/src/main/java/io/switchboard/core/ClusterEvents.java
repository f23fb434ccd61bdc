package io.switchboard.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * The other nodes' side of a hub: what the backplane reads from the cluster, applied to this
 * node's rooms and told to this node's members. Runs on the backplane's thread; takes the hub's
 * lock for membership, and only room locks for chat.
 */
final class ClusterEvents implements Backplane.Receiver {
    private final Hub hub;
    private boolean announcedDown; // guarded by the hub's lock

    ClusterEvents(Hub hub) {
        this.hub = hub;
    }

    @Override
    public void chat(String name, List<Event.Chat> events) {
        Room room;
        synchronized (hub) {
            room = hub.room(name);
        }
        if (room != null) {
            room.deliverChats(events);
        }
    }

    @Override
    public void undelivered(Event.Chat draft) {
        Room room;
        synchronized (hub) {
            room = hub.room(draft.room());
        }
        if (room != null) {
            room.publishChat(draft);
        }
    }

    @Override
    public void joined(String name, MemberInfo who) {
        synchronized (hub) {
            Room room = hub.room(name);
            if (room != null && room.others().put(who.key(), who) == null) {
                room.publish(new Event.Joined(name, who, hub.now()), null);
            }
        }
    }

    @Override
    public void left(String name, MemberInfo who, String reason) {
        synchronized (hub) {
            Room room = hub.room(name);
            if (room != null && room.others().remove(who.key()) != null) {
                room.publish(new Event.Left(name, who, reason, hub.now()), null);
            }
        }
    }

    @Override
    public void renamed(String name, String oldNick, MemberInfo who) {
        synchronized (hub) {
            Room room = hub.room(name);
            if (room != null) {
                room.others().put(who.key(), who);
                room.publish(new Event.Renamed(name, oldNick, who, hub.now()), null);
            }
        }
    }

    @Override
    public void whisper(Event.Private message) {
        Member to;
        synchronized (hub) {
            to = hub.local(message.to());
        }
        if (to != null) {
            hub.tell(to, new Event.Private(message.id(), message.from(), to.nick(), message.via(), message.text(),
                    false, message.at()));
        }
    }

    @Override
    public void linkChanged() {
        synchronized (hub) {
            boolean down = hub.degraded();
            if (down == announcedDown) {
                return; // a late call about a state already announced
            }
            announcedDown = down;
            for (Room room : hub.allRooms()) {
                String text = down ? Notices.degraded(room.name()) : Notices.restored(room.name());
                room.publish(hub.notice(text), null);
            }
        }
    }

    @Override
    public void roster(String name, List<MemberInfo> others) {
        synchronized (hub) {
            Room room = hub.room(name);
            if (room == null) {
                return;
            }
            Map<String, MemberInfo> now = new HashMap<>();
            for (MemberInfo m : others) {
                now.put(m.key(), m);
            }
            for (MemberInfo gone : new ArrayList<>(room.others().values())) {
                if (!now.containsKey(gone.key())) {
                    left(name, gone, "left while this node was cut off");
                }
            }
            for (MemberInfo m : others) {
                MemberInfo before = room.others().get(m.key());
                if (before == null) {
                    joined(name, m);
                } else if (!before.nick().equals(m.nick())) {
                    renamed(name, before.nick(), m);
                }
            }
        }
    }

    @Override
    public void nickLost(MemberInfo who) {
        Member member;
        synchronized (hub) {
            member = hub.local(who.nick());
        }
        if (member == null || member.id() != who.id()) {
            return;
        }
        // Two nodes gave the same nick while they could not see each other: the one that
        // reconnects second gives way. Renaming claims a nick, which may wait: not on this thread.
        try {
            hub.executor().execute(() -> hub.giveWay(member));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }
}
