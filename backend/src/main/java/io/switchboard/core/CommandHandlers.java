package io.switchboard.core;

import java.time.Instant;
import java.util.List;

/**
 * A member's input, acted on: sanitised, rate limited, parsed once by {@link Commands#parse},
 * then one handler per command. Chat goes out through the backplane (one route, single node or
 * cluster); membership changes go through the {@link Directory}.
 */
final class CommandHandlers {
    private final HubContext ctx;
    private final Directory directory;
    private final Departures departures;

    CommandHandlers(HubContext ctx, Directory directory, Departures departures) {
        this.ctx = ctx;
        this.directory = directory;
        this.departures = departures;
    }

    void handle(Member member, String input) {
        if (member.gone()) {
            return;
        }
        String text = Sanitize.text(input);
        if (text.isEmpty()) {
            return; // empty input is not a message
        }
        int refused = member.spend(System.nanoTime());
        if (refused == 1) {
            ctx.tell(member, ctx.error("slow down: at most " + ctx.limits.rate()
                    + " messages a second; this one was dropped"));
        }
        if (refused > 0) {
            ctx.stats.throttled();
            if (refused > ctx.limits.rate() * 10) { // still flooding after being told: out
                departures.drop(member, "flooding: kept sending after being told to slow down");
            }
            return;
        }
        Command command = Commands.parse(text);
        if (command instanceof Command.Say say) {
            chat(member, say.text(), false);
        } else if (command instanceof Command.Me me) {
            chat(member, HubContext.oneLine(me.action()), true);
        } else if (command instanceof Command.Nick nick) {
            rename(member, nick.name());
        } else if (command instanceof Command.Join join) {
            move(member, join.room());
        } else if (command instanceof Command.Msg msg) {
            whisper(member, msg.nick(), msg.text());
        } else if (command instanceof Command.Who) {
            Room room = member.currentRoom();
            List<MemberInfo> present = room == null ? List.of() : room.roster();
            ctx.tell(member, ctx.notice(room == null ? "you are in no room" : Notices.who(room.name(), present)));
        } else if (command instanceof Command.Rooms) {
            ctx.tell(member, ctx.notice(Notices.rooms(directory.rooms())));
        } else if (command instanceof Command.History history) {
            Room room = member.currentRoom();
            if (room != null) {
                ctx.tell(member, new Event.History(room.name(), room.recent(history.count())));
            }
        } else if (command instanceof Command.Help) {
            ctx.tell(member, ctx.notice(Commands.HELP));
        } else if (command instanceof Command.Quit quit) {
            departures.leave(member, quit.reason().isEmpty() ? "quit" : "quit: " + HubContext.oneLine(quit.reason()));
        } else if (command instanceof Command.Invalid invalid) {
            ctx.tell(member, ctx.error(invalid.problem()));
        }
        // Command.Ping: being heard from is all it is for.
    }

    /** A member shares a stored file with its room: rate limited like a message, then the route chat takes. */
    Posted share(Member by, SharedFile file) {
        Room room = by.currentRoom();
        if (by.gone() || room == null) {
            return Posted.refused("you are in no room");
        }
        if (by.spend(System.nanoTime()) > 0) {
            ctx.stats.throttled();
            return Posted.refused("slow down: at most " + ctx.limits.rate() + " messages a second; the file was not shared");
        }
        Event.Shared draft = new Event.Shared(0, room.name(), by.nick(), by.peer().transport(), file, ctx.now());
        ctx.stats.messageIn();
        ctx.backplane.publish(draft);
        return Posted.ok(draft);
    }

    /** Room chat: numbered and delivered in the room's agreed order by the backplane, on every node. */
    private void chat(Member member, String text, boolean emote) {
        Room room = member.currentRoom();
        if (room == null) {
            return;
        }
        String body = ctx.bounded(text);
        String via = member.peer().transport();
        ctx.stats.messageIn();
        ctx.backplane.publish(emote ? new Event.Emote(0, room.name(), member.nick(), via, body, ctx.now())
                : new Event.Message(0, room.name(), member.nick(), via, body, ctx.now()));
    }

    private void whisper(Member from, String toNick, String text) {
        Member to = directory.local(toNick);
        long id = ctx.chatIds.incrementAndGet();
        String body = ctx.bounded(text);
        Instant at = ctx.now();
        String via = from.peer().transport();
        if (to == null) {
            // Perhaps a member of another node: its node delivers it.
            Event.Private sent = new Event.Private(id, from.nick(), toNick, via, body, true, at);
            if (!ctx.backplane.whisper(Names.fold(toNick), sent)) {
                ctx.tell(from, ctx.error("no one is called " + toNick + "; /who lists who is here"));
                return;
            }
            ctx.stats.messageIn();
            ctx.tell(from, sent);
            return;
        }
        ctx.stats.messageIn();
        ctx.tell(to, new Event.Private(id, from.nick(), to.nick(), via, body, false, at));
        if (to != from) {
            ctx.tell(from, new Event.Private(id, from.nick(), to.nick(), via, body, true, at));
        }
    }

    private void rename(Member member, String wanted) {
        String problem = Names.nickProblem(wanted);
        if (problem != null) {
            ctx.tell(member, ctx.error("cannot use nick \"" + wanted + "\": " + problem));
            return;
        }
        if (member.nick().equals(wanted)) {
            ctx.tell(member, ctx.notice("you are already " + wanted));
            return;
        }
        // Claimed across the cluster before the directory's lock: a claim may wait.
        if (!ctx.backplane.claim(Names.fold(wanted), member.info())) {
            ctx.tell(member, ctx.error("nick " + wanted + " is taken; choose another"));
            return;
        }
        directory.renameClaimed(member, wanted).deliver();
    }

    /** Another node's member holds this member's nick: it becomes a guest, and is told why. */
    void giveWay(Member member) {
        String old = member.nick();
        String guest = ctx.backplane.claimGuest(member.info());
        if (guest == null) {
            guest = directory.nextGuest();
        }
        ctx.tell(member, ctx.error("nick " + old + " was taken on another node while this one was cut off; you are now "
                + guest));
        directory.renameClaimed(member, guest).deliver();
    }

    private void move(Member member, String wanted) {
        String name = Names.room(wanted);
        if (name == null) {
            ctx.tell(member, ctx.error("cannot join \"" + wanted + "\": " + Names.roomRule()));
            return;
        }
        Prefetch start = directory.prefetchIfNew(name);
        Intro intro;
        for (int tries = 1; (intro = directory.moveTo(member, name, start)) == null; tries++) {
            // The room went away between the look and the lock: read its start again, outside.
            start = tries < 8 ? Prefetch.read(ctx, name) : Prefetch.EMPTY;
        }
        intro.deliver();
    }
}
