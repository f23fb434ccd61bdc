package io.switchboard.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;

/**
 * What the backplane hands back, applied to this node's rooms and told to its members: chat (a
 * single node's own, or the cluster's in its agreed order) and the other nodes' presence. Runs
 * on the caller's thread (the publisher's on one node, the cluster reader's otherwise) and takes
 * only room locks; the directory is asked for a room and its lock is not held meanwhile.
 */
final class BackplaneEvents implements Backplane.Receiver {
    private final HubContext ctx;
    private final Directory directory;
    private final CommandHandlers commands;
    private boolean announcedDown; // guarded by "this"

    BackplaneEvents(HubContext ctx, Directory directory, CommandHandlers commands) {
        this.ctx = ctx;
        this.directory = directory;
        this.commands = commands;
    }

    @Override
    public void chat(String name, List<Event.Chat> events) {
        Room room = directory.room(name);
        if (room != null) {
            room.deliverChats(events);
        }
    }

    @Override
    public Event.Chat local(Event.Chat draft, boolean storedOrNothing) {
        Room room = directory.room(draft.room());
        if (room != null) {
            return room.publishChat(draft, storedOrNothing);
        }
        if (!storedOrNothing || !ctx.node().isEmpty()) {
            // A member's line for a room it just left, or a cut-off cluster node, whose history
            // (the shared streams) cannot take it: nobody is here to tell.
            return null;
        }
        // A post to a room with no one in it goes straight to its history.
        Event.Chat numbered = draft.withId(ctx.chatIds.incrementAndGet());
        return ctx.history.record(numbered) ? numbered : null;
    }

    @Override
    public void joined(String name, MemberInfo who) {
        Room room = directory.room(name);
        if (room != null && room.otherJoined(who)) {
            room.publish(new Event.Joined(name, who, ctx.now()), null);
        }
    }

    @Override
    public void left(String name, MemberInfo who, String reason) {
        Room room = directory.room(name);
        if (room != null && room.otherLeft(who)) {
            room.publish(new Event.Left(name, who, reason, ctx.now()), null);
        }
    }

    @Override
    public void renamed(String name, String oldNick, MemberInfo who) {
        Room room = directory.room(name);
        if (room != null) {
            room.otherJoined(who);
            room.publish(new Event.Renamed(name, oldNick, who, ctx.now()), null);
        }
    }

    @Override
    public void whisper(Event.Private message) {
        Member to = directory.local(message.to());
        if (to != null) {
            ctx.tell(to, new Event.Private(message.id(), message.from(), to.nick(), message.via(), message.text(),
                    false, message.at()));
        }
    }

    @Override
    public synchronized void linkChanged() {
        boolean down = ctx.backplane.degraded();
        if (down == announcedDown) {
            return; // a late call about a state already announced
        }
        announcedDown = down;
        for (Room room : directory.allRooms()) {
            String text = down ? Notices.degraded(room.name()) : Notices.restored(room.name());
            room.publish(ctx.notice(text), null);
        }
    }

    @Override
    public void roster(String name, List<MemberInfo> others) {
        Room room = directory.room(name);
        if (room == null) {
            return;
        }
        Map<String, MemberInfo> now = new HashMap<>();
        for (MemberInfo m : others) {
            now.put(m.key(), m);
        }
        for (MemberInfo gone : room.othersNow()) {
            if (!now.containsKey(gone.key())) {
                left(name, gone, "left while this node was cut off");
            }
        }
        for (MemberInfo m : others) {
            MemberInfo before = room.other(m.key());
            if (before == null) {
                joined(name, m);
            } else if (!before.nick().equals(m.nick())) {
                renamed(name, before.nick(), m);
            }
        }
    }

    @Override
    public void nickLost(MemberInfo who) {
        Member member = directory.local(who.nick());
        if (member == null || member.id() != who.id()) {
            return;
        }
        // Two nodes gave the same nick while they could not see each other: the one that
        // reconnects second gives way. Renaming claims a nick, which may wait: not on this thread.
        try {
            ctx.executor.execute(() -> commands.giveWay(member));
        } catch (RejectedExecutionException e) {
            // shutting down
        }
    }
}
