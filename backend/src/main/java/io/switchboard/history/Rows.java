package io.switchboard.history;

import io.switchboard.core.Event;
import io.switchboard.core.SharedFile;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** How a chat event is a row of the messages table, and back. */
final class Rows {
    private Rows() {
    }

    static void bind(PreparedStatement insert, Event e) throws SQLException {
        Event.Chat c = (Event.Chat) e;
        if (c instanceof Event.Shared shared) {
            row(insert, c.id(), c.room(), "file", c.nick(), c.via(), shared.file().encode(), c.at());
            return;
        }
        row(insert, c.id(), c.room(), c instanceof Event.Emote ? "emote" : "message", c.nick(), c.via(), c.text(),
                c.at());
    }

    static void row(PreparedStatement insert, long id, String room, String kind, String nick, String via,
            String text, Instant at) throws SQLException {
        insert.setLong(1, id);
        insert.setString(2, room);
        insert.setString(3, kind);
        insert.setString(4, nick);
        insert.setString(5, via);
        insert.setString(6, text);
        insert.setLong(7, at.toEpochMilli());
    }

    static Event toEvent(String room, ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        Instant at = Instant.ofEpochMilli(rs.getLong(6));
        if ("file".equals(rs.getString(2))) {
            return new Event.Shared(id, room, rs.getString(3), rs.getString(4), SharedFile.decode(rs.getString(5)), at);
        }
        if ("emote".equals(rs.getString(2))) {
            return new Event.Emote(id, room, rs.getString(3), rs.getString(4), rs.getString(5), at);
        }
        return new Event.Message(id, room, rs.getString(3), rs.getString(4), rs.getString(5), at);
    }
}
