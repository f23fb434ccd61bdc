package io.switchboard.cluster;

import io.switchboard.cluster.Link.Local;
import io.switchboard.core.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

/**
 * The cluster's reader thread: follows the watched rooms' streams and this node's inbox with one
 * blocking XREAD, in stream order, and hands what it reads to the hub. While Redis is away it
 * keeps trying; once back it re-registers this node's members ({@link #resync}), reads each room
 * on from where it stopped, and tells the hub who is there now.
 */
final class ClusterReader {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterReader.class);

    private final Link link;
    private final Heartbeat heartbeat;

    ClusterReader(Link link, Heartbeat heartbeat) {
        this.link = link;
        this.heartbeat = heartbeat;
    }

    void run() {
        while (!link.closing) {
            if (link.down.get() && !resync()) {
                link.pause();
                continue;
            }
            try {
                for (Map.Entry<String, StreamEntryID> w : link.watched.entrySet()) {
                    if (w.getValue() == Link.UNKNOWN) {
                        place(w.getKey()); // entered while the link was down, which it no longer is
                    }
                }
                Map<String, StreamEntryID> streams = new LinkedHashMap<>();
                streams.put(Link.inbox(link.node()), link.inboxFrom);
                link.watched.forEach((room, from) -> {
                    if (from != Link.UNKNOWN) {
                        streams.put(Link.PREFIX + "room:" + room, from);
                    }
                });
                List<Map.Entry<String, List<StreamEntry>>> got = link.redis.xread(
                        XReadParams.xReadParams().block(Link.BLOCK_MILLIS).count(Link.BATCH), streams);
                if (got == null) {
                    continue;
                }
                for (Map.Entry<String, List<StreamEntry>> stream : got) {
                    if (stream.getKey().startsWith(Link.PREFIX + "inbox:")) {
                        stream.getValue().forEach(this::fromInbox);
                    } else {
                        String room = stream.getKey().substring((Link.PREFIX + "room:").length());
                        List<Event.Chat> run = new ArrayList<>();
                        for (StreamEntry e : stream.getValue()) {
                            fromRoom(room, e, run);
                        }
                        flush(room, run);
                    }
                }
            } catch (JedisException e) {
                if (!link.closing) {
                    link.lost(e);
                }
            } catch (RuntimeException e) {
                LOG.warn("cluster: skipped an entry it could not read", e);
            }
        }
    }

    private void fromInbox(StreamEntry entry) {
        link.inboxFrom = entry.getID();
        if ("p".equals(entry.getFields().get("k"))) {
            link.receiver.whisper(Entries.whisper(entry.getFields()));
        }
    }

    /** Chat gathered from a room's entries goes to the hub in one batch. */
    private void flush(String room, List<Event.Chat> run) {
        if (!run.isEmpty()) {
            link.receiver.chat(room, List.copyOf(run));
            run.clear();
        }
    }

    /** One entry of a room's stream; chat is gathered in {@code run}, presence flushes it first. */
    private void fromRoom(String room, StreamEntry entry, List<Event.Chat> run) {
        // Only entries past the room's position count: a room re-watched meanwhile has moved on.
        boolean[] fresh = {false};
        link.watched.computeIfPresent(room, (r, from) -> {
            if (from != Link.UNKNOWN && entry.getID().compareTo(from) > 0) {
                fresh[0] = true;
                return entry.getID();
            }
            return from;
        });
        if (!fresh[0]) {
            return;
        }
        Map<String, String> f = entry.getFields();
        boolean mine = link.node().equals(f.get("n"));
        Event.Chat chat = Entries.chat(room, f);
        if (chat != null) {
            link.highestId.accumulateAndGet(chat.id(), Math::max);
            if (!(mine && link.hereOnly.remove(Long.parseLong(f.get("s"))))) {
                run.add(chat);
            }
            return;
        }
        flush(room, run); // presence keeps its place in the room's order
        if (mine) {
            return; // this node's own presence was shown here when it happened
        }
        switch (f.getOrDefault("k", "")) {
            case "j" -> link.receiver.joined(room, Entries.member(f.get("who")));
            case "l" -> link.receiver.left(room, Entries.member(f.get("who")), f.get("why"));
            case "r" -> link.receiver.renamed(room, f.get("old"), Entries.member(f.get("who")));
            default -> { }
        }
    }

    /**
     * Redis is back: load the scripts (a restarted Redis has none), register this node and its
     * members again, and tell the hub who is in each watched room now.
     */
    private boolean resync() {
        try {
            // Idle pooled connections died with the link: drop them rather than fail on each once.
            link.redis.getPool().clear();
            link.scripts.load(link.redis);
            link.generation.incrementAndGet(); // changes queued before the outage are stale now
            heartbeat.beat();
            if (link.inboxFrom == null) {
                link.inboxFrom = link.newest(Link.inbox(link.node()));
            }
            do {
                link.dirty.set(false);
                reconcile();
            } while (link.dirty.get());
            for (String room : link.watched.keySet()) {
                place(room);
            }
            if (link.down.compareAndSet(true, false)) {
                if (link.dirty.getAndSet(false)) {
                    reconcile(); // a member changed between the last pass and now: its change was not queued
                }
                LOG.info("cluster: the link to Redis is back");
                link.receiver.linkChanged();
            }
        } catch (JedisException e) {
            return false;
        }
        return true;
    }

    /**
     * Makes Redis say what this node's members are now (room, nick), whatever was lost while the
     * link was down: who left leaves, who moved or changed nick does so, everyone else is there.
     */
    private void reconcile() {
        for (Map.Entry<String, String> rec : link.redis.hgetAll(Link.PREFIX + "node:" + link.node()).entrySet()) {
            String key = rec.getKey();
            String[] roomAndNick = rec.getValue().split("\t", -1);
            Local now = link.locals.get(key);
            if (now == null) {
                exitRecorded(key, roomAndNick[0], "left while node " + link.node() + " was cut off", roomAndNick[1]);
                continue;
            }
            if (!roomAndNick[0].isEmpty() && !roomAndNick[0].equals(now.room())) {
                exitRecorded(key, roomAndNick[0], "went to #" + now.room(), "");
            }
            if (!roomAndNick[1].isEmpty() && !roomAndNick[1].equals(now.folded())) {
                link.call(Scripts.Name.RELEASE, roomAndNick[1], key, link.node());
            }
        }
        for (Local m : link.locals.values()) {
            String key = m.info().key();
            String json = Entries.member(m.info());
            String stored = link.redis.hget(Link.PREFIX + "members:" + m.room(), key);
            if (stored != null && !Entries.member(stored).nick().equals(m.info().nick())) {
                link.call(Scripts.Name.RENAME, m.room(), link.max(), link.node(), key, json, Entries.member(stored).nick(),
                        m.folded());
            }
            if (Long.valueOf(1).equals(link.call(Scripts.Name.REASSERT, m.room(), link.max(), link.node(), key, json, m.folded()))) {
                link.receiver.nickLost(m.info());
            }
            if (link.locals.get(key) != m) {
                link.dirty.set(true); // it changed while being written: another pass
            }
        }
    }

    /**
     * Tells the hub who is in a watched room on other nodes now; a room entered while the link
     * was down is read from now on (what was said there meanwhile is not replayed).
     */
    private void place(String room) {
        if (link.watched.get(room) == Link.UNKNOWN) {
            link.watched.replace(room, Link.UNKNOWN, link.newest(Link.PREFIX + "room:" + room));
        }
        link.receiver.roster(room, link.others(Link.members(link.redis.hgetAll(Link.PREFIX + "members:" + room).values())));
    }

    private void exitRecorded(String key, String room, String why, String folded) {
        String info = room.isEmpty() ? null : link.redis.hget(Link.PREFIX + "members:" + room, key);
        link.call(Scripts.Name.EXIT, room, link.max(), link.node(), key, info == null ? "{}" : info, why, folded);
    }
}
