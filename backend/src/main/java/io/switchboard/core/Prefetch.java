package io.switchboard.core;

import java.util.List;

/**
 * What a room this node does not have yet starts with, read before the directory's lock is
 * taken, because the lock must never wait on the network or the disk: the cluster's snapshot of
 * the room (its scrollback and the other nodes' members), or on a single node its stored tail.
 */
record Prefetch(Backplane.RoomView shared, List<Event> stored) {
    /** A room that starts with nothing. */
    static final Prefetch EMPTY = new Prefetch(null, List.of());

    static Prefetch read(HubContext ctx, String name) {
        Backplane.RoomView shared = ctx.backplane.snapshot(name, ctx.limits.keep());
        return new Prefetch(shared, shared != null ? null : ctx.history.recent(name, ctx.limits.keep(), Long.MAX_VALUE));
    }

    /** The room, made from this start; a shared room is watched from the snapshot on. */
    Room open(HubContext ctx, String name) {
        Room room = new Room(name, ctx.limits.keep(), shared == null ? stored : shared.recent(), ctx.history,
                ctx.chatIds);
        if (shared != null) {
            for (MemberInfo other : shared.others()) {
                room.otherJoined(other);
            }
            ctx.backplane.watch(name, shared);
        }
        return room;
    }
}
