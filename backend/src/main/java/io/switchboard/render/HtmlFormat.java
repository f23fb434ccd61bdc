package io.switchboard.render;

import static io.switchboard.render.Html.escape;

import io.switchboard.core.Event;
import io.switchboard.core.Format;
import io.switchboard.core.MemberInfo;
import io.switchboard.core.RoomInfo;
import io.switchboard.core.Side;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Events as htmx out-of-band fragments for the page. Each fragment names the element it
 * updates ({@code #messages}, {@code #roster-browser}, {@code #roster-native}, {@code #rooms},
 * {@code #me}), so one WebSocket frame can touch several parts of the page. The roster is
 * sent whole only on entering a room; afterwards joins, leaves and renames patch it.
 */
public final class HtmlFormat implements Format<String> {
    public static final HtmlFormat INSTANCE = new HtmlFormat();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private HtmlFormat() {
    }

    @Override
    public String encode(Event event) {
        StringBuilder out = new StringBuilder(256);
        if (event instanceof Event.Joined j) {
            appendToMessages(out, system(j.who().nick() + " joined #" + j.room() + " (" + j.who().transport()
                    + " " + j.who().address() + ")", "join"));
            out.append("<ul id=\"").append(rosterId(j.who().side())).append("\" hx-swap-oob=\"beforeend\">");
            member(out, j.who(), "");
            out.append("</ul>");
        } else if (event instanceof Event.Left l) {
            appendToMessages(out, system(l.who().nick() + " left #" + l.room() + " (" + l.reason() + ")", "leave"));
            out.append("<li id=\"member-").append(l.who().id()).append("\" hx-swap-oob=\"delete\"></li>");
        } else if (event instanceof Event.Renamed r) {
            appendToMessages(out, system(r.oldNick() + " is now known as " + r.who().nick(), "nick"));
            member(out, r.who(), " hx-swap-oob=\"true\"");
        } else if (event instanceof Event.Roster r) {
            roster(out, r, Side.BROWSER);
            roster(out, r, Side.NATIVE);
        } else if (event instanceof Event.Rooms r) {
            out.append("<ul id=\"rooms\" hx-swap-oob=\"true\">");
            for (RoomInfo room : r.rooms()) {
                out.append("<li><form ws-send><input type=\"hidden\" name=\"message\" value=\"/join ")
                        .append(escape(room.name())).append("\"><button type=\"submit\" data-room=\"")
                        .append(escape(room.name())).append("\">#").append(escape(room.name()))
                        .append("</button></form></li>");
            }
            out.append("</ul>");
        } else if (event instanceof Event.Self s) {
            out.append("<span id=\"me\" hx-swap-oob=\"true\" data-nick=\"").append(escape(s.me().nick()))
                    .append("\" data-room=\"").append(escape(s.room())).append("\"><b>")
                    .append(escape(s.me().nick())).append("</b> in <b>#").append(escape(s.room()))
                    .append("</b></span>");
        } else if (event instanceof Event.History h) {
            out.append("<div id=\"messages\" hx-swap-oob=\"innerHTML\">");
            olderTrigger(out, h.room(), h.events());
            for (Event past : h.events()) {
                body(out, past);
            }
            out.append("</div>");
        } else {
            StringBuilder item = new StringBuilder(160);
            if (!body(item, event)) {
                return null;
            }
            appendToMessages(out, item);
            if (event instanceof Event.Chat) {
                onTheWire(out, event);
            }
        }
        return out.toString();
    }

    /**
     * The "on the wire" panel: the same chat event as a terminal and a program received it, so
     * the page shows the B/S vs C/S contrast byte for byte.
     */
    private static void onTheWire(StringBuilder out, Event event) {
        String line = new String(LineFormat.CRLF.encode(event), java.nio.charset.StandardCharsets.UTF_8);
        out.append("<div id=\"wire\" hx-swap-oob=\"innerHTML\"><p>telnet, nc and UDP got a text line:</p><pre>")
                .append(escape(line.replace("\r\n", "\u21b5\n").stripTrailing()))
                .append("</pre><p>programs on the JSON WebSocket got:</p><pre>")
                .append(escape(JsonFormat.INSTANCE.encode(event)))
                .append("</pre><p>this page got an HTML fragment, swapped in by htmx.</p></div>");
    }

    /**
     * A page of older messages for scroll-back, oldest first, led by a trigger for the page
     * before it when this one is full.
     */
    public static String older(String room, List<Event> events, int pageSize) {
        StringBuilder out = new StringBuilder(256);
        if (events.size() >= pageSize) {
            olderTrigger(out, room, events);
        }
        for (Event past : events) {
            body(out, past);
        }
        return out.toString();
    }

    /** Loads the messages before the first of {@code events} when scrolled into view (or clicked). */
    private static void olderTrigger(StringBuilder out, String room, List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        Event first = events.get(0);
        long id = first instanceof Event.Chat chat ? chat.id() : 0;
        out.append("<button type=\"button\" class=\"older\" hx-get=\"/fragments/older?room=")
                .append(escape(java.net.URLEncoder.encode(room, java.nio.charset.StandardCharsets.UTF_8)))
                .append("&amp;before=").append(id)
                .append("\" hx-trigger=\"click, intersect once\" hx-swap=\"outerHTML\">older messages</button>");
    }

    @Override
    public int size(String payload) {
        return payload.length();
    }

    /** The message-list entry for a chat, emote, private, notice or error event. */
    private static boolean body(StringBuilder out, Event event) {
        if (event instanceof Event.Message m) {
            line(out, "msg", m.via(), m.at(), "<b class=\"nick\">" + escape(m.nick()) + "</b>", m.text());
        } else if (event instanceof Event.Emote e) {
            line(out, "msg emote", e.via(), e.at(), "* <b class=\"nick\">" + escape(e.nick()) + "</b>", e.text());
        } else if (event instanceof Event.Private p) {
            String who = p.outgoing() ? "to <b class=\"nick\">" + escape(p.to()) + "</b>"
                    : "from <b class=\"nick\">" + escape(p.from()) + "</b>";
            line(out, "msg private", p.via(), p.at(), "<span class=\"tag\">private</span> " + who, p.text());
        } else if (event instanceof Event.Notice n) {
            out.append(system(n.text(), "notice"));
        } else if (event instanceof Event.Error e) {
            out.append(system("error: " + e.text(), "error"));
        } else {
            return false;
        }
        return true;
    }

    private static void line(StringBuilder out, String css, String via, Instant at, String who, String text) {
        out.append("<article class=\"").append(css).append("\" data-via=\"").append(escape(via)).append("\">")
                .append("<time datetime=\"").append(at).append("\">")
                .append(CLOCK.format(at.atZone(ZoneId.systemDefault()))).append("</time> ")
                .append(who).append(" <span class=\"via\">").append(escape(via)).append("</span> ")
                .append("<span class=\"text\">").append(escape(text)).append("</span></article>");
    }

    private static String system(String text, String kind) {
        return "<p class=\"sys " + kind + "\">" + escape(text) + "</p>";
    }

    private static void appendToMessages(StringBuilder out, CharSequence item) {
        out.append("<div id=\"messages\" hx-swap-oob=\"beforeend\">").append(item).append("</div>");
    }

    private static void roster(StringBuilder out, Event.Roster r, Side side) {
        out.append("<ul id=\"").append(rosterId(side)).append("\" hx-swap-oob=\"true\" class=\"members\">");
        for (MemberInfo m : r.members()) {
            if (m.side() == side) {
                member(out, m, "");
            }
        }
        out.append("</ul>");
    }

    /** A roster entry; {@code oob} is empty or an hx-swap-oob attribute that replaces the old entry. */
    private static void member(StringBuilder out, MemberInfo m, String oob) {
        out.append("<li id=\"member-").append(m.id()).append('"').append(oob).append(" data-via=\"").append(escape(m.transport()))
                .append("\"><b class=\"nick\">").append(escape(m.nick())).append("</b> <span class=\"via\">")
                .append(escape(m.transport())).append("</span> <span class=\"addr\">").append(escape(m.address()))
                .append("</span>");
        if (!m.node().isEmpty()) {
            out.append(" <span class=\"node\">on ").append(escape(m.node())).append("</span>");
        }
        out.append(" <time class=\"since\" datetime=\"").append(m.since()).append("\">since ")
                .append(CLOCK.format(m.since().atZone(ZoneId.systemDefault()))).append("</time></li>");
    }

    private static String rosterId(Side side) {
        return side == Side.BROWSER ? "roster-browser" : "roster-native";
    }
}
