package io.switchboard.core;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The wording of the hub's answers: greeting, /who, /rooms. Pure text from data. */
final class Notices {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private Notices() {
    }

    static String welcome(String nick, String room, int others) {
        return "welcome to Switchboard, " + nick + "! you are in #" + room
                + " with " + others + (others == 1 ? " other" : " others")
                + ".\n/nick NAME changes your nick, /join ROOM changes room, /help lists all commands.";
    }

    static String who(String room, List<MemberInfo> members) {
        StringBuilder text = new StringBuilder("#" + room + " has " + members.size()
                + (members.size() == 1 ? " member:" : " members:"));
        for (MemberInfo m : members) {
            text.append("\n  ").append(m.nick()).append(" (").append(m.transport()).append(' ')
                    .append(m.address()).append(m.node().isEmpty() ? "" : " on node " + m.node()).append(", ")
                    .append(m.side() == Side.BROWSER ? "browser B/S" : "native C/S")
                    .append(", since ").append(CLOCK.format(m.since().atZone(ZoneId.systemDefault())))
                    .append(')');
        }
        return text.toString();
    }

    static String degraded(String room) {
        return "#" + room + " is degraded: the other nodes cannot be reached, so what is said here reaches"
                + " only members on this node until the link is back.";
    }

    static String restored(String room) {
        return "#" + room + " is whole again: the link to the other nodes is back.";
    }

    static String rooms(List<RoomInfo> rooms) {
        StringBuilder text = new StringBuilder(rooms.size() + (rooms.size() == 1 ? " room:" : " rooms:"));
        for (RoomInfo room : rooms) {
            text.append("\n  #").append(room.name()).append(" (").append(room.members()).append(')');
        }
        return text.toString();
    }
}
