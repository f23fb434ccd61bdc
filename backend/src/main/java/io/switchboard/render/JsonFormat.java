package io.switchboard.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.switchboard.core.Event;
import io.switchboard.core.Format;
import io.switchboard.core.MemberInfo;
import io.switchboard.core.RoomInfo;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Events as JSON objects for programs on the WebSocket and the HTTP API, one per frame:
 * {@code {"type":"message","id":"7","room":"lobby","nick":"alice","via":"tcp","text":"hi","at":"..."}}.
 * Types: message, emote, file, private, join, leave, nick, notice, error, roster, rooms, history, self.
 */
public final class JsonFormat implements Format<String> {
    public static final JsonFormat INSTANCE = new JsonFormat();
    private static final JsonFactory JSON = new JsonFactory();
    /**
     * A member as a roster entry, kept by the member ({@link MemberInfo#rendered}): a join sends
     * the newcomer the whole room, so this would otherwise be made again for every member per join.
     */
    private static final Function<MemberInfo, String> ENTRY = JsonFormat::entry;

    private JsonFormat() {
    }

    @Override
    public String encode(Event event) {
        int capacity = event instanceof Event.Roster r ? capacity(r.members()) : 160;
        return text(capacity, json -> write(json, event));
    }

    @Override
    public int size(String payload) {
        return payload.length();
    }

    /** Members as a JSON array of the same objects roster events carry. */
    public static String members(List<MemberInfo> members) {
        return text(capacity(members), json -> entries(json, members));
    }

    private static int capacity(List<MemberInfo> members) {
        return 64 + 160 * members.size();
    }

    /** Members as an array of roster entries, each made once per member and kept by it. */
    private static void entries(JsonGenerator json, List<MemberInfo> members) throws IOException {
        json.writeStartArray();
        for (MemberInfo m : members) {
            json.writeRawValue(m.rendered(ENTRY));
        }
        json.writeEndArray();
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static String text(int capacity, Body body) {
        StringWriter text = new StringWriter(capacity);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            body.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text.toString();
    }

    /** Writes one event as a JSON object. */
    public static void write(JsonGenerator json, Event event) throws IOException {
        json.writeStartObject();
        if (event instanceof Event.Shared s) {
            chat(json, "file", s.id(), s.room(), s.nick(), s.via(), s.text(), s.at().toString());
            json.writeObjectFieldStart("file");
            json.writeStringField("id", s.file().id());
            json.writeStringField("name", s.file().name());
            json.writeNumberField("size", s.file().size());
            json.writeStringField("sha256", s.file().sha256());
            json.writeStringField("type", s.file().type());
            json.writeStringField("url", s.file().url());
            json.writeEndObject();
        } else if (event instanceof Event.Chat c) {
            chat(json, c instanceof Event.Emote ? "emote" : "message", c.id(), c.room(), c.nick(), c.via(), c.text(),
                    c.at().toString());
        } else if (event instanceof Event.Private p) {
            json.writeStringField("type", "private");
            json.writeStringField("id", Long.toString(p.id()));
            json.writeStringField("from", p.from());
            json.writeStringField("to", p.to());
            json.writeStringField("nick", p.from());
            json.writeStringField("via", p.via());
            json.writeStringField("text", p.text());
            json.writeBooleanField("outgoing", p.outgoing());
            json.writeStringField("at", p.at().toString());
        } else if (event instanceof Event.Joined j) {
            presence(json, "join", j.room(), j.who());
            json.writeStringField("at", j.at().toString());
        } else if (event instanceof Event.Left l) {
            presence(json, "leave", l.room(), l.who());
            json.writeStringField("reason", l.reason());
            json.writeStringField("at", l.at().toString());
        } else if (event instanceof Event.Renamed r) {
            presence(json, "nick", r.room(), r.who());
            json.writeStringField("old", r.oldNick());
            json.writeStringField("at", r.at().toString());
        } else if (event instanceof Event.Notice n) {
            json.writeStringField("type", "notice");
            json.writeStringField("text", n.text());
            json.writeStringField("at", n.at().toString());
        } else if (event instanceof Event.Error e) {
            json.writeStringField("type", "error");
            json.writeStringField("text", e.text());
            json.writeStringField("at", e.at().toString());
        } else if (event instanceof Event.Roster r) {
            json.writeStringField("type", "roster");
            json.writeStringField("room", r.room());
            json.writeFieldName("members");
            entries(json, r.members());
        } else if (event instanceof Event.Rooms r) {
            json.writeStringField("type", "rooms");
            json.writeArrayFieldStart("rooms");
            for (RoomInfo room : r.rooms()) {
                json.writeStartObject();
                json.writeStringField("name", room.name());
                json.writeNumberField("members", room.members());
                json.writeEndObject();
            }
            json.writeEndArray();
        } else if (event instanceof Event.History h) {
            json.writeStringField("type", "history");
            json.writeStringField("room", h.room());
            if (h.resumed()) {
                json.writeBooleanField("resumed", true); // only what was missed: add it, do not replace
            }
            json.writeArrayFieldStart("events");
            for (Event past : h.events()) {
                write(json, past);
            }
            json.writeEndArray();
        } else if (event instanceof Event.Self s) {
            json.writeStringField("type", "self");
            json.writeStringField("room", s.room());
            member(json, s.me());
        }
        json.writeEndObject();
    }

    private static void chat(JsonGenerator json, String type, long id, String room, String nick, String via,
            String text, String at) throws IOException {
        json.writeStringField("type", type);
        json.writeStringField("id", Long.toString(id));
        json.writeStringField("room", room);
        json.writeStringField("nick", nick);
        json.writeStringField("via", via);
        json.writeStringField("text", text);
        json.writeStringField("at", at);
    }

    private static void presence(JsonGenerator json, String type, String room, MemberInfo who) throws IOException {
        json.writeStringField("type", type);
        json.writeStringField("room", room);
        member(json, who);
    }

    private static String entry(MemberInfo m) {
        return text(160, json -> {
            json.writeStartObject();
            member(json, m);
            json.writeEndObject();
        });
    }

    private static void member(JsonGenerator json, MemberInfo m) throws IOException {
        json.writeStringField("member", Long.toString(m.id()));
        json.writeStringField("nick", m.nick());
        json.writeStringField("via", m.transport());
        json.writeStringField("side", m.side().name().toLowerCase(Locale.ROOT));
        json.writeStringField("address", m.address());
        json.writeStringField("since", m.since().toString());
        if (!m.node().isEmpty()) {
            json.writeStringField("node", m.node());
        }
    }
}
