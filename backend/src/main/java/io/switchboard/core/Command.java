package io.switchboard.core;

/** What a member asked for: one line of input parsed once, for every transport. */
public sealed interface Command {

    /** Chat text to the current room. */
    record Say(String text) implements Command { }

    /** Change nick. */
    record Nick(String name) implements Command { }

    /** Move to another room. */
    record Join(String room) implements Command { }

    /** List the members of the current room. */
    record Who() implements Command { }

    /** List the rooms. */
    record Rooms() implements Command { }

    /** An action, shown as "* nick action". */
    record Me(String action) implements Command { }

    /** A private message. */
    record Msg(String nick, String text) implements Command { }

    /** Replay the last {@code count} messages of the room. */
    record History(int count) implements Command { }

    /** List the commands. */
    record Help() implements Command { }

    /** Leave, with an optional reason. */
    record Quit(String reason) implements Command { }

    /** Keep-alive (for datagram members); answers nothing. */
    record Ping() implements Command { }

    /** Something that looked like a command but was not usable, with what to do about it. */
    record Invalid(String problem) implements Command { }
}
