package io.switchboard.core;

import java.util.Locale;

/** The rules for nicks and room names, shared by every transport. */
public final class Names {
    public static final int MAX_NICK = 24;
    public static final int MAX_ROOM = 32;

    private Names() {
    }

    /** Why {@code nick} is not acceptable, or null when it is. Unicode letters and digits are welcome. */
    public static String nickProblem(String nick) {
        int length = nick.codePointCount(0, nick.length());
        if (length == 0 || length > MAX_NICK) {
            return "a nick has 1 to " + MAX_NICK + " characters";
        }
        int first = nick.codePointAt(0);
        if (!Character.isLetter(first) && first != '_') {
            return "a nick starts with a letter or _";
        }
        if (!nick.codePoints().allMatch(Names::isNameChar)) {
            return "a nick has only letters, digits, _ and -";
        }
        return null;
    }

    /** The room name without a leading '#', lower-cased; null if it breaks the rules. */
    public static String room(String raw) {
        String name = raw.startsWith("#") ? raw.substring(1) : raw;
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > MAX_ROOM || !name.codePoints().allMatch(Names::isNameChar)) {
            return null;
        }
        return name.toLowerCase(Locale.ROOT);
    }

    /** What a room name may look like, for error messages. */
    public static String roomRule() {
        return "a room name has 1 to " + MAX_ROOM + " letters, digits, _ or -";
    }

    /** The key under which nicks are unique: case-insensitive, also for non-Latin scripts. */
    public static String fold(String nick) {
        return nick.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    private static boolean isNameChar(int c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '-';
    }
}
