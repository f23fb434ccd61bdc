package io.switchboard.cluster;

import io.switchboard.core.Event;
import io.switchboard.core.Backplane.RoomView;
import io.switchboard.core.History;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamEntry;

/**
 * History in cluster mode: the rooms' streams are the record, written when chat is published,
 * so recording here is nothing, and reading goes to the stream (bounded by its MAXLEN). A
 * room's snapshot, for a node that starts watching it, is read here too.
 * What was said while a node was cut off from Redis stayed on that node and is not here.
 */
final class StreamHistory implements History {
    private final Link link;

    StreamHistory(Link link) {
        this.link = link;
    }

    @Override
    public boolean record(Event event) {
        // Published chat is in the stream already; chat delivered while degraded is not shared
        // (every room was told it is degraded), which is no reason to refuse it.
        return true;
    }

    @Override
    public List<Event> recent(String room, int limit, long before) {
        if (link.down.get()) {
            return List.of();
        }
        List<Event> newestFirst = new ArrayList<>();
        String end = "+";
        int scanned = 0;
        try {
            while (newestFirst.size() < limit && scanned < link.settings.streamMax() * 2) {
                List<StreamEntry> page = link.redis.xrevrange(Link.PREFIX + "room:" + room, end, "-", 200);
                for (StreamEntry e : page) {
                    Event.Chat chat = Entries.chat(room, e.getFields());
                    if (chat != null && chat.id() < before && newestFirst.size() < limit) {
                        newestFirst.add(chat);
                    }
                }
                scanned += page.size();
                if (page.size() < 200) {
                    break;
                }
                end = "(" + page.get(page.size() - 1).getID();
            }
        } catch (JedisException e) {
            link.lost(e);
        }
        List<Event> out = new ArrayList<>(newestFirst.size());
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            out.add(newestFirst.get(i));
        }
        return out;
    }

    /** What the cluster has of {@code room} now: its recent chat, the other nodes' members, and the stream position. */
    RoomView snapshot(String room, int keep) {
        if (link.down.get()) {
            return new RoomView(List.of(), List.of(), Link.UNKNOWN);
        }
        try {
            // Presence entries share the stream with chat: look a few times further back.
            List<?> reply = (List<?>) link.call(Scripts.Name.SNAPSHOT, room, Integer.toString(Math.max(keep * 4, 100)));
            List<StreamEntry> newestFirst = Link.entries(reply.get(0));
            List<Event> recent = new ArrayList<>();
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                Event.Chat chat = Entries.chat(room, newestFirst.get(i).getFields());
                if (chat != null) {
                    recent.add(chat);
                    link.highestId.accumulateAndGet(chat.id(), Math::max);
                }
            }
            return new RoomView(recent.subList(Math.max(0, recent.size() - keep), recent.size()),
                    link.others(Link.members(Link.hashValues((List<?>) reply.get(1)))),
                    newestFirst.isEmpty() ? new StreamEntryID(0, 0) : newestFirst.get(0).getID());
        } catch (JedisException e) {
            link.lost(e);
            return new RoomView(List.of(), List.of(), Link.UNKNOWN);
        }
    }

    @Override
    public long lastId() {
        return 0; // the cluster numbers chat; this node's own ids start at its id base
    }
}
