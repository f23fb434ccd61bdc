package io.switchboard.core;

/** The three ways out: a member leaves, its connection vanishes, or the server drops it. */
final class Departures {
    private final HubContext ctx;
    private final Directory directory;

    Departures(HubContext ctx, Directory directory) {
        this.ctx = ctx;
        this.directory = directory;
    }

    /** The member leaves on its own (quit, clean close): the room is told, its output is flushed. */
    void leave(Member member, String reason) {
        if (out(member, reason)) {
            ctx.stats.lifecycle().left(member, reason);
            member.outbox().finish(new Envelope(ctx.notice("bye")), Ending.NORMAL, null, ctx.limits.dropGrace());
        }
    }

    /** The member's connection is gone (reset, EOF, write failure): nothing more can reach it. */
    void vanished(Member member, String reason) {
        if (out(member, reason)) {
            ctx.stats.lifecycle().left(member, reason);
        }
        member.outbox().abort();
    }

    /** The server puts the member out: it gets the reason (pending output discarded), the room too. */
    void drop(Member member, String reason) {
        if (out(member, reason)) {
            ctx.stats.dropped(reason);
            ctx.stats.lifecycle().left(member, reason);
            member.outbox().finish(new Envelope(ctx.error("disconnected: " + reason)), Ending.DROPPED, reason,
                    ctx.limits.dropGrace());
        }
    }

    /** Takes the member out of the directory, then (out of its lock) tells its room. */
    private boolean out(Member member, String reason) {
        Intro out = directory.remove(member, reason);
        if (out == null) {
            return false;
        }
        out.deliver();
        return true;
    }
}
