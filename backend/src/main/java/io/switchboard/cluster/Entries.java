package io.switchboard.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.core.Event;
import io.switchboard.core.MemberInfo;
import io.switchboard.core.SharedFile;
import io.switchboard.core.Side;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/**
 * How events are written in Redis stream entries and hashes, and read back. Entries are flat
 * fields (k = kind: m message, e emote, f shared file, j joined, l left, r renamed, p private, w wake-up), so
 * the Lua scripts can write them without a JSON library; a member is one JSON field.
 */
final class Entries {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Entries() {
    }

    static String kind(Event.Chat chat) {
        return chat instanceof Event.Shared ? "f" : chat instanceof Event.Emote ? "e" : "m";
    }

    /** What goes in the entry's text field: the chat text, or a shared file's description. */
    static String text(Event.Chat chat) {
        return chat instanceof Event.Shared shared ? shared.file().encode() : chat.text();
    }

    /** A chat entry of {@code room}, or null when the entry is something else. */
    static Event.Chat chat(String room, Map<String, String> f) {
        String k = f.get("k");
        if (!"m".equals(k) && !"e".equals(k) && !"f".equals(k)) {
            return null;
        }
        long id = Long.parseLong(f.get("id"));
        Instant at = Instant.ofEpochMilli(Long.parseLong(f.get("at")));
        if ("f".equals(k)) {
            return new Event.Shared(id, room, f.get("nick"), f.get("via"), SharedFile.decode(f.get("text")), at);
        }
        return "e".equals(k) ? new Event.Emote(id, room, f.get("nick"), f.get("via"), f.get("text"), at)
                : new Event.Message(id, room, f.get("nick"), f.get("via"), f.get("text"), at);
    }

    static Event.Private whisper(Map<String, String> f) {
        return new Event.Private(Long.parseLong(f.get("id")), f.get("from"), f.get("to"), f.get("via"), f.get("text"),
                false, Instant.ofEpochMilli(Long.parseLong(f.get("at"))));
    }

    static String member(MemberInfo m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", m.id()).put("nick", m.nick()).put("transport", m.transport()).put("side", m.side().name())
                .put("address", m.address()).put("since", m.since().toEpochMilli()).put("node", m.node());
        return o.toString();
    }

    static MemberInfo member(String json) {
        try {
            JsonNode o = JSON.readTree(json);
            return new MemberInfo(o.get("id").asLong(), o.get("nick").asText(), o.get("transport").asText(),
                    Side.valueOf(o.get("side").asText()), o.get("address").asText(),
                    Instant.ofEpochMilli(o.get("since").asLong()), o.get("node").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
