package io.switchboard.render;

import io.switchboard.core.Event;
import io.switchboard.core.Format;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Events as text lines for terminals and line-oriented programs: {@code <alice> hi},
 * {@code * alice waves}, {@code *alice* psst}, {@code -!- notice}. Text was sanitised by the
 * hub, so nothing here can reach a terminal as a control sequence.
 */
public final class LineFormat implements Format<byte[]> {
    /** Telnet and most terminals want CR LF. */
    public static final LineFormat CRLF = new LineFormat("\r\n", false);
    /** For datagrams, where every line travels alone. */
    public static final LineFormat LF = new LineFormat("\n", false);
    /** For telnet terminals that show colour: a stable colour per nick, notices dim, errors red. */
    public static final LineFormat ANSI = new LineFormat("\r\n", true);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HH:mm");
    private static final String RESET = "\u001b[0m";
    private static final String DIM = "\u001b[2m";
    private static final String RED = "\u001b[31m";
    // Red is kept for errors; the rest of the 16-colour palette that reads on dark and light backgrounds.
    private static final int[] NICK_COLOURS = {32, 33, 34, 35, 36, 92, 93, 94, 95, 96};
    private final String eol;
    private final boolean colour;

    private LineFormat(String eol, boolean colour) {
        this.eol = eol;
        this.colour = colour;
    }

    @Override
    public byte[] encode(Event event) {
        StringBuilder out = new StringBuilder(96);
        if (!render(event, out, null)) {
            return null;
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A notice for a client that is not a member yet (a challenge, a refusal), in this format:
     * the same {@code -!- } line a member would get, so every byte a client sees comes from here.
     */
    public byte[] notice(String text) {
        return encode(new Event.Notice(text, Instant.EPOCH));
    }

    /** An error line for a client that is not a member (yet or any more), in this format. */
    public byte[] error(String text) {
        return encode(new Event.Error(text, Instant.EPOCH));
    }

    @Override
    public int size(byte[] payload) {
        return payload.length;
    }

    /** Appends the event's lines, each with {@code stamp} in front if given; false if not shown. */
    private boolean render(Event event, StringBuilder out, String stamp) {
        if (event instanceof Event.Message m) {
            lines(out, stamp, "<" + nick(m.nick()) + "> ", m.text(), "");
        } else if (event instanceof Event.Emote e) {
            lines(out, stamp, "* " + nick(e.nick()) + " ", e.text(), "");
        } else if (event instanceof Event.Shared s) {
            notice(out, stamp, s.nick() + " shared " + s.file().name() + " (" + Sizes.human(s.file().size())
                    + ", sha256 " + s.file().sha256().substring(0, 8) + "\u2026): curl -O " + s.file().url());
        } else if (event instanceof Event.Private p) {
            lines(out, stamp, p.outgoing() ? "-> *" + nick(p.to()) + "* " : "*" + nick(p.from()) + "* ", p.text(), "");
        } else if (event instanceof Event.Joined j) {
            notice(out, stamp, j.who().nick() + " joined #" + j.room() + " (" + j.who().transport()
                    + " " + j.who().address() + (j.who().node().isEmpty() ? "" : " on node " + j.who().node()) + ")");
        } else if (event instanceof Event.Left l) {
            notice(out, stamp, l.who().nick() + " left #" + l.room() + " (" + l.reason() + ")");
        } else if (event instanceof Event.Renamed r) {
            notice(out, stamp, r.oldNick() + " is now known as " + r.who().nick());
        } else if (event instanceof Event.Notice n) {
            notice(out, stamp, n.text());
        } else if (event instanceof Event.Error e) {
            lines(out, stamp, colour ? RED + "-!- error: " : "-!- error: ", e.text(), colour ? RESET : "");
        } else if (event instanceof Event.History h) {
            if (h.events().isEmpty()) {
                return false;
            }
            notice(out, null, "last " + h.events().size() + " messages in #" + h.room() + ":");
            for (Event past : h.events()) {
                render(past, out, stamp(past));
            }
            notice(out, null, "end of history");
        } else {
            return false; // roster, room list, self: the page's business
        }
        return true;
    }

    private void notice(StringBuilder out, String stamp, String text) {
        lines(out, stamp, colour ? DIM + "-!- " : "-!- ", text, colour ? RESET : "");
    }

    /** The nick, in its own colour when this format has colour. */
    private String nick(String nick) {
        if (!colour) {
            return nick;
        }
        int code = NICK_COLOURS[Math.floorMod(nick.toLowerCase(Locale.ROOT).hashCode(), NICK_COLOURS.length)];
        return "\u001b[" + code + "m" + nick + RESET;
    }

    private void lines(StringBuilder out, String stamp, String prefix, String text, String suffix) {
        int start = 0;
        while (true) {
            int end = text.indexOf('\n', start);
            if (stamp != null) {
                out.append('[').append(stamp).append("] ");
            }
            out.append(prefix).append(text, start, end < 0 ? text.length() : end).append(suffix).append(eol);
            if (end < 0) {
                return;
            }
            start = end + 1;
        }
    }

    private static String stamp(Event event) {
        Instant at = event instanceof Event.Chat chat ? chat.at() : null;
        return at == null ? null : STAMP.format(at.atZone(ZoneId.systemDefault()));
    }
}
