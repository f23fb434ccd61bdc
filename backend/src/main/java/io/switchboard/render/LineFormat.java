package io.switchboard.render;

import io.switchboard.core.Event;
import io.switchboard.core.Format;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * Events as text lines for terminals and line-oriented programs: {@code <alice> hi},
 * {@code * alice waves}, {@code *alice* psst}, {@code -!- notice}. Text was sanitised by the
 * hub, so nothing here can reach a terminal as a control sequence.
 */
public final class LineFormat implements Format<byte[]> {
    /** Telnet and most terminals want CR LF. */
    public static final LineFormat CRLF = new LineFormat("\r\n");
    /** For datagrams, where every line travels alone. */
    public static final LineFormat LF = new LineFormat("\n");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("HH:mm");
    private final String eol;

    private LineFormat(String eol) {
        this.eol = eol;
    }

    @Override
    public byte[] encode(Event event) {
        StringBuilder out = new StringBuilder(96);
        if (!render(event, out, null)) {
            return null;
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int size(byte[] payload) {
        return payload.length;
    }

    /** Appends the event's lines, each with {@code stamp} in front if given; false if not shown. */
    private boolean render(Event event, StringBuilder out, String stamp) {
        if (event instanceof Event.Message m) {
            lines(out, stamp, "<" + m.nick() + "> ", m.text());
        } else if (event instanceof Event.Emote e) {
            lines(out, stamp, "* " + e.nick() + " ", e.text());
        } else if (event instanceof Event.Private p) {
            lines(out, stamp, p.outgoing() ? "-> *" + p.to() + "* " : "*" + p.from() + "* ", p.text());
        } else if (event instanceof Event.Joined j) {
            lines(out, stamp, "-!- ", j.who().nick() + " joined #" + j.room() + " (" + j.who().transport()
                    + " " + j.who().address() + (j.who().node().isEmpty() ? "" : " on node " + j.who().node()) + ")");
        } else if (event instanceof Event.Left l) {
            lines(out, stamp, "-!- ", l.who().nick() + " left #" + l.room() + " (" + l.reason() + ")");
        } else if (event instanceof Event.Renamed r) {
            lines(out, stamp, "-!- ", r.oldNick() + " is now known as " + r.who().nick());
        } else if (event instanceof Event.Notice n) {
            lines(out, stamp, "-!- ", n.text());
        } else if (event instanceof Event.Error e) {
            lines(out, stamp, "-!- error: ", e.text());
        } else if (event instanceof Event.History h) {
            if (h.events().isEmpty()) {
                return false;
            }
            lines(out, null, "-!- ", "last " + h.events().size() + " messages in #" + h.room() + ":");
            for (Event past : h.events()) {
                render(past, out, stamp(past));
            }
            lines(out, null, "-!- ", "end of history");
        } else {
            return false; // roster, room list, self: the page's business
        }
        return true;
    }

    private void lines(StringBuilder out, String stamp, String prefix, String text) {
        int start = 0;
        while (true) {
            int end = text.indexOf('\n', start);
            if (stamp != null) {
                out.append('[').append(stamp).append("] ");
            }
            out.append(prefix).append(text, start, end < 0 ? text.length() : end).append(eol);
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
