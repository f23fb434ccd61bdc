package io.switchboard.core;

import java.util.function.BiConsumer;

/**
 * Letting a member in: the wanted nick is claimed across the cluster and the room's start is
 * read before the directory's lock is taken (a claim may wait on the other nodes, a start on the
 * disk), then the directory admits and greets it.
 */
final class Admission {
    /** Tries before a room that keeps being emptied under a newcomer's feet is entered with no scrollback. */
    private static final int TRIES = 8;

    /** Everything decided about a newcomer before the lock. */
    record Ticket(long id, Peer peer, Outbox<?> outbox, String nick, String problem, String room, long since,
            BiConsumer<Member, String> onFailure) {
    }

    private final HubContext ctx;
    private final Directory directory;
    private final BiConsumer<Member, String> onFailure;

    /** {@code onFailure} drops a member whose output failed (called on the hub's executor). */
    Admission(HubContext ctx, Directory directory, BiConsumer<Member, String> onFailure) {
        this.ctx = ctx;
        this.directory = directory;
        this.onFailure = onFailure;
    }

    Member join(Peer peer, Outbox<?> outbox, String wantedNick, String wantedRoom, long since) {
        String problem = null;
        String roomName = wantedRoom == null ? Hub.LOBBY : Names.room(wantedRoom);
        if (roomName == null) {
            problem = Names.roomRule() + "; you are in #" + Hub.LOBBY;
            roomName = Hub.LOBBY;
            since = -1; // what it saw was elsewhere
        }
        long id = ctx.memberIds.incrementAndGet();
        String nick = null;
        if (wantedNick != null) {
            String rule = Names.nickProblem(wantedNick);
            if (rule != null) {
                problem = "cannot use nick \"" + wantedNick + "\": " + rule;
            } else if (!ctx.backplane.claim(Names.fold(wantedNick), MemberInfo.of(id, wantedNick, peer, ctx.node()))) {
                problem = "nick " + wantedNick + " is taken; /nick NAME picks another";
            } else {
                nick = wantedNick;
            }
        }
        if (nick == null) {
            nick = ctx.backplane.claimGuest(MemberInfo.of(id, null, peer, ctx.node()));
        }
        Ticket ticket = new Ticket(id, peer, outbox, nick, problem, roomName, since, onFailure);
        Prefetch start = directory.prefetchIfNew(roomName);
        for (int tries = 1;; tries++) {
            boolean[] retry = {false};
            Intro intro = directory.admit(ticket, start, retry);
            if (!retry[0]) {
                if (intro == null) {
                    return null;
                }
                intro.deliver(); // encoded here, out of the lock
                ctx.stats.lifecycle().joined(intro.member());
                return intro.member();
            }
            // The room went away between the look and the lock: read its start again, outside.
            start = tries < TRIES ? Prefetch.read(ctx, roomName) : Prefetch.EMPTY;
        }
    }
}
