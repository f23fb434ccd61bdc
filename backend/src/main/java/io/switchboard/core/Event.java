package io.switchboard.core;

import java.time.Instant;
import java.util.List;

/**
 * Everything the hub tells members. Adapters never see raw text from other members, only
 * events, which each output format renders once (see {@link Envelope}).
 */
public sealed interface Event {

    /** Room chat that history keeps: a message or an emote. */
    sealed interface Chat extends Event permits Message, Emote, Shared {
        long id();

        String room();

        String nick();

        String via();

        String text();

        Instant at();

        /** The same event numbered {@code newId}: drafts are numbered where the room's order is decided. */
        Chat withId(long newId);
    }

    /** A chat line to a room; {@code text} is sanitised and may hold several lines. */
    record Message(long id, String room, String nick, String via, String text, Instant at) implements Chat {
        @Override
        public Message withId(long newId) {
            return new Message(newId, room, nick, via, text, at);
        }
    }

    /** An action ("/me waves"). */
    record Emote(long id, String room, String nick, String via, String text, Instant at) implements Chat {
        @Override
        public Emote withId(long newId) {
            return new Emote(newId, room, nick, via, text, at);
        }
    }

    /**
     * A file someone shared with the room: history keeps it like chat, and {@code text} is how it
     * reads where only text fits (the formats show the file itself).
     */
    record Shared(long id, String room, String nick, String via, SharedFile file, Instant at) implements Chat {
        @Override
        public String text() {
            return "shared " + file.name();
        }

        @Override
        public Shared withId(long newId) {
            return new Shared(newId, room, nick, via, file, at);
        }
    }

    /** A private message; {@code outgoing} marks the copy echoed back to the sender. */
    record Private(long id, String from, String to, String via, String text, boolean outgoing, Instant at)
            implements Event { }

    /** Someone entered a room. */
    record Joined(String room, MemberInfo who, Instant at) implements Event { }

    /** Someone left a room (quit, vanished, changed room or was dropped), with why. */
    record Left(String room, MemberInfo who, String reason, Instant at) implements Event { }

    /** Someone changed nick; {@code who} carries the new nick. */
    record Renamed(String room, String oldNick, MemberInfo who, Instant at) implements Event { }

    /** A system notice to one member or a room; may hold several lines. */
    record Notice(String text, Instant at) implements Event { }

    /** A problem with what this member sent, and what to do about it. */
    record Error(String text, Instant at) implements Event {
        /** What a member is told for a line past the limit, on any transport. */
        public static Error lineTooLong(int limit) {
            return new Error("line too long (over " + limit + " bytes) and dropped; split it into shorter lines",
                    Instant.now());
        }
    }

    /** The full member list of a room, sent to a member when it enters the room. */
    record Roster(String room, List<MemberInfo> members) implements Event { }

    /** The list of rooms, sent on entering a room, on /rooms, and when a room appears or empties. */
    record Rooms(List<RoomInfo> rooms) implements Event { }

    /**
     * Recent messages of a room, replayed to a member when it enters the room; {@code resumed}
     * marks exactly the messages a reconnecting member missed, to add to what it already shows.
     */
    record History(String room, List<Event> events, boolean resumed) implements Event {
        /** A plain replay: the messages replace whatever the member showed. */
        public History(String room, List<Event> events) {
            this(room, events, false);
        }
    }

    /** Who the receiving member is now and where: sent on arrival and after /nick or /join. */
    record Self(MemberInfo me, String room) implements Event { }
}
