package io.switchboard.core;

/**
 * A message from outside any connection (the HTTP API, a webhook): checked like a member's, then
 * published through the backplane like every chat line. It reaches the room's members, if any,
 * and its history; when it cannot be kept, nothing is posted and the caller is told to retry.
 */
final class Poster {
    private final HubContext ctx;
    private final Directory directory;

    Poster(HubContext ctx, Directory directory) {
        this.ctx = ctx;
        this.directory = directory;
    }

    Posted post(String roomName, String nick, String via, String rawText) {
        String room = Names.room(roomName);
        if (room == null) {
            return Posted.refused(Names.roomRule());
        }
        String problem = Names.nickProblem(nick);
        if (problem != null) {
            return Posted.refused(problem);
        }
        String text = ctx.bounded(Sanitize.text(rawText));
        if (text.isEmpty()) {
            return Posted.refused("text is empty once control characters are removed");
        }
        return postDraft(new Event.Message(0, room, nick, via, text, ctx.now()));
    }

    /** A file shared from outside any connection (an HTTP upload without a page member). */
    Posted share(String roomName, String nick, String via, SharedFile file) {
        String room = Names.room(roomName);
        String problem = room == null ? Names.roomRule() : Names.nickProblem(nick);
        return problem != null ? Posted.refused(problem) : postDraft(new Event.Shared(0, room, nick, via, file, ctx.now()));
    }

    /** Checks the nick and the room cap, then publishes and waits until the draft is kept. */
    private Posted postDraft(Event.Chat draft) {
        String room = draft.room();
        String nick = draft.nick();
        if (directory.local(nick) != null) {
            return Posted.clash("nick " + nick + " belongs to a connected member; post under another nick");
        }
        if (!directory.mayPostTo(room)) {
            // A post may start a room's history, but not past the cap: each would be kept.
            return Posted.missing("no one is in #" + room + " and the server has its maximum of "
                    + ctx.limits.maxRooms() + " rooms; post to a room that exists (GET /api/rooms lists them)");
        }
        if (ctx.backplane.nickHeld(Names.fold(nick))) {
            return Posted.clash("nick " + nick + " belongs to a member on another node; post under another nick");
        }
        ctx.stats.messageIn();
        Event.Chat posted = ctx.backplane.publishAndWait(draft, ctx.limits.dropGrace());
        if (posted != null) {
            return Posted.ok(posted);
        }
        if (!ctx.node().isEmpty()) {
            return Posted.unavailable("the cluster cannot be reached and nobody on this node is in #" + room
                    + "; nothing was posted, try again");
        }
        return Posted.unavailable("the history store could not take the message (it is failing or far behind);"
                + " nothing was posted to #" + room + ", try again");
    }
}
