package io.switchboard.core;

import java.util.List;
import java.util.Locale;

/** Parses a member's input into a {@link Command}: "/nick x", "//literal", plain chat. */
public final class Commands {
    public static final int MAX_HISTORY = 200;

    /** The text of /help, also shown in the README. */
    public static final String HELP = String.join("\n",
            "commands:",
            "  /nick NAME        change your nick (letters, digits, _ and -)",
            "  /join ROOM        move to a room (created when needed)",
            "  /who              who is in this room, and how they connected",
            "  /rooms            list the rooms",
            "  /me ACTION        say what you do: * nick ACTION",
            "  /msg NICK TEXT    a private message",
            "  /history [N]      the last N messages of this room",
            "  /quit [REASON]    leave",
            "  //text            send a line that starts with /");

    /** The commands a user types, for completion. */
    public static final List<String> NAMES = List.of("/nick", "/join", "/who", "/rooms", "/me", "/msg", "/history",
            "/help", "/quit");

    private Commands() {
    }

    /** The command for one input (already sanitised, non-empty). */
    public static Command parse(String input) {
        if (!input.startsWith("/")) {
            return new Command.Say(input);
        }
        if (input.startsWith("//")) {
            return new Command.Say(input.substring(1));
        }
        int space = indexOfSpace(input);
        String name = (space < 0 ? input.substring(1) : input.substring(1, space)).toLowerCase(Locale.ROOT);
        String rest = space < 0 ? "" : input.substring(space + 1).strip();
        switch (name) {
            case "nick":
                return rest.isEmpty() || indexOfSpace(rest) >= 0
                        ? new Command.Invalid("usage: /nick NAME (one word)") : new Command.Nick(rest);
            case "join":
                return rest.isEmpty() || indexOfSpace(rest) >= 0
                        ? new Command.Invalid("usage: /join ROOM (one word)") : new Command.Join(rest);
            case "who":
            case "names":
                return new Command.Who();
            case "rooms":
            case "list":
                return new Command.Rooms();
            case "me":
                return rest.isEmpty() ? new Command.Invalid("usage: /me ACTION") : new Command.Me(rest);
            case "msg":
                return parseMsg(rest);
            case "history":
                return parseHistory(rest);
            case "help":
                return new Command.Help();
            case "quit":
            case "exit":
                return new Command.Quit(rest);
            case "ping":
                return new Command.Ping();
            default:
                return new Command.Invalid("unknown command /" + name + "; /help lists them, //" + name
                        + " sends the text as is");
        }
    }

    private static Command parseMsg(String rest) {
        int space = indexOfSpace(rest);
        if (space < 0 || rest.substring(space + 1).isBlank()) {
            return new Command.Invalid("usage: /msg NICK TEXT");
        }
        return new Command.Msg(rest.substring(0, space), rest.substring(space + 1).strip());
    }

    private static Command parseHistory(String rest) {
        if (rest.isEmpty()) {
            return new Command.History(20);
        }
        try {
            int count = Integer.parseInt(rest);
            if (count >= 1 && count <= MAX_HISTORY) {
                return new Command.History(count);
            }
        } catch (NumberFormatException e) {
            // falls through to the usage message
        }
        return new Command.Invalid("usage: /history [N] with N from 1 to " + MAX_HISTORY);
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
