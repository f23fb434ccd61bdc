package io.switchboard.render;

import static io.switchboard.render.Html.escape;

import io.switchboard.core.Envelope;
import io.switchboard.core.Event;
import io.switchboard.core.Format;
import io.switchboard.core.MemberInfo;
import io.switchboard.core.RoomInfo;
import io.switchboard.core.Side;
import java.time.Instant;
import java.time.ZoneOffset;
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
        return encode(new Envelope(event));
    }

    /** The fragments for the envelope's event; chat also updates the wire panel from the other formats' payloads. */
    @Override
    public String encode(Envelope envelope) {
        Event event = envelope.event();
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
                out.append("<li><form data-ws-send><input type=\"hidden\" name=\"message\" value=\"/join ")
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
        } else if (event instanceof Event.History h && h.resumed()) {
            // A page coming back after a lost connection keeps what it shows and adds what it missed.
            StringBuilder missed = new StringBuilder(256);
            for (Event past : h.events()) {
                body(missed, past);
            }
            appendToMessages(out, missed);
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
                WirePanel.append(out, envelope);
            }
        }
        return out.toString();
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
        out.append("<button type=\"button\" class=\"older\" hx-get=\"fragments/older?room=")
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
            line(out, "msg", m.id(), m.via(), m.at(), "<b class=\"nick\">" + escape(m.nick()) + "</b>", m.text());
        } else if (event instanceof Event.Emote e) {
            line(out, "msg emote", e.id(), e.via(), e.at(), "* <b class=\"nick\">" + escape(e.nick()) + "</b>",
                    e.text());
        } else if (event instanceof Event.Shared s) {
            FileCard.append(out, s);
        } else if (event instanceof Event.Private p) {
            String who = p.outgoing() ? "to <b class=\"nick\">" + escape(p.to()) + "</b>"
                    : "from <b class=\"nick\">" + escape(p.from()) + "</b>";
            line(out, "msg private", 0, p.via(), p.at(), "<span class=\"tag\">private</span> " + who, p.text());
        } else if (event instanceof Event.Notice n) {
            out.append(system(n.text(), "notice"));
        } else if (event instanceof Event.Error e) {
            out.append(system("error: " + e.text(), "error"));
        } else {
            return false;
        }
        return true;
    }

    /**
     * A message entry. {@code id} (0: none) is the room message's number, from which a page that
     * lost its connection asks for what it missed. The time is UTC here; the page shows it local.
     */
    private static void line(StringBuilder out, String css, long id, String via, Instant at, String who,
            String text) {
        out.append("<article class=\"").append(css).append('"');
        if (id > 0) {
            out.append(" data-id=\"").append(id).append('"');
        }
        out.append(" data-via=\"").append(escape(via)).append("\">")
                .append("<time datetime=\"").append(at).append("\">")
                .append(CLOCK.format(at.atZone(ZoneOffset.UTC))).append("</time> ")
                .append(who).append(" <span class=\"via\">").append(escape(via)).append("</span> ")
                .append("<span class=\"text\">").append(Links.linkify(text)).append("</span></article>");
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
                .append(CLOCK.format(m.since().atZone(ZoneOffset.UTC))).append("</time></li>");
    }

    private static String rosterId(Side side) {
        return side == Side.BROWSER ? "roster-browser" : "roster-native";
    }
}
