package io.switchboard.cluster;

import io.switchboard.cluster.Link.Local;
import io.switchboard.cluster.Link.Op;
import io.switchboard.config.ClusterSettings;
import io.switchboard.core.Backplane;
import io.switchboard.core.Event;
import io.switchboard.core.MemberInfo;
import io.switchboard.core.Names;
import io.switchboard.runtime.Threads;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The cluster through one Redis: a stream per room carries chat and presence in the order every
 * node agrees on, hashes hold who is where and which nick is whose, and each node's heartbeat
 * lets the others undo its members when it dies.
 *
 * <p>Three threads, none of them the hub's: a writer drains a bounded queue of changes into
 * pipelined script calls (so publishing never waits on Redis), a reader follows the watched
 * rooms' streams and this node's inbox with one blocking XREAD, and a heartbeat keeps this node
 * alive and reaps dead ones. When Redis cannot be reached the node is degraded: chat stays on
 * this node, and the reader keeps trying; once back it re-registers this node's members, reads
 * each room on from where it stopped, and tells the hub who is there now.
 */
public final class RedisBackplane implements Backplane {
    private final Link link;
    private final Heartbeat heartbeat;
    private final StreamHistory history;
    private final long idBase;
    private Thread writer;
    private Thread reader;
    private Thread beater;

    public RedisBackplane(ClusterSettings settings) {
        this.link = new Link(settings);
        this.heartbeat = new Heartbeat(link);
        this.history = new StreamHistory(link);
        // Member ids must not collide between nodes: each node counts from its own random base
        // (20 bits of node, 32 of member: still exact as a JavaScript number).
        this.idBase = ThreadLocalRandom.current().nextLong(1, 1L << 20) << 32;
    }

    /**
     * Reaches Redis and registers this node, or says why it cannot: a node that cannot see the
     * cluster at start-up is misconfigured more often than unlucky.
     */
    public void connect() {
        try {
            link.scripts.load(link.redis);
            if (link.call(Scripts.Name.ALIVE, link.settings.node()).equals(1L)) {
                throw new IllegalStateException("a running node is already called " + link.settings.node()
                        + "; give this one another --node (or wait " + link.settings.ttl().toSeconds() + " s if it died)");
            }
            heartbeat.beat();
            link.inboxFrom = link.newest(Link.inbox(link.settings.node()));
            link.down.set(false);
        } catch (JedisException e) {
            throw new IllegalStateException("cannot reach Redis at " + link.settings + ": " + e.getMessage(), e);
        }
    }

    /** The history of rooms in this cluster: their streams. */
    public io.switchboard.core.History history() {
        return history;
    }

    @Override
    public String node() {
        return link.settings.node();
    }

    @Override
    public long idBase() {
        return idBase;
    }

    @Override
    public void start(Receiver events) {
        link.receiver = events;
        writer = Threads.daemon("cluster-writer", new ClusterWriter(link)::run);
        reader = Threads.daemon("cluster-reader", new ClusterReader(link, heartbeat)::run);
        beater = Threads.daemon("cluster-beat", heartbeat::run);
    }

    @Override
    public boolean degraded() {
        return link.down.get();
    }

    /** Times the link was lost since start (for /metrics). */
    public long linkLosses() {
        return link.linkLosses.get();
    }

    @Override
    public boolean claim(String folded, MemberInfo who) {
        if (link.down.get()) {
            return true;
        }
        try {
            return link.call(Scripts.Name.CLAIM, folded, who.key(), node()).equals(1L);
        } catch (JedisException e) {
            link.lost(e);
            return true;
        }
    }

    @Override
    public boolean nickHeld(String folded) {
        if (link.down.get()) {
            return false;
        }
        try {
            return link.redis.hexists(Link.PREFIX + "nicks", folded);
        } catch (JedisException e) {
            link.lost(e);
            return false;
        }
    }

    @Override
    public String claimGuest(MemberInfo who) {
        if (link.down.get()) {
            return null;
        }
        try {
            return (String) link.call(Scripts.Name.GUEST, who.key(), node());
        } catch (JedisException e) {
            link.lost(e);
            return null;
        }
    }

    @Override
    public void release(String folded, MemberInfo who) {
        link.queue(Scripts.Name.RELEASE, folded, who.key(), node());
    }

    @Override
    public void entered(String room, MemberInfo who) {
        String folded = Names.fold(who.nick());
        link.locals.put(who.key(), new Local(room, who, folded));
        link.queue(Scripts.Name.ENTER, room, link.max(), node(), who.key(), Entries.member(who), folded);
    }

    @Override
    public void exited(String room, MemberInfo who, String reason, String folded) {
        if (folded != null) {
            link.locals.remove(who.key());
        }
        link.queue(Scripts.Name.EXIT, room, link.max(), node(), who.key(), Entries.member(who), reason,
                folded == null ? "" : folded);
    }

    @Override
    public void renamed(String room, String oldNick, MemberInfo who) {
        String folded = Names.fold(who.nick());
        link.locals.put(who.key(), new Local(room, who, folded));
        link.queue(Scripts.Name.RENAME, room, link.max(), node(), who.key(), Entries.member(who), oldNick, folded);
    }

    @Override
    public void publish(Event.Chat draft) {
        if (link.down.get()) {
            link.receiver.local(draft, false); // cut off: this node's members only (rooms were told)
            return;
        }
        if (!link.outgoing.offer(link.chatOp(draft, null))) {
            // Redis is this far behind: say so (rooms are told they are degraded) rather than
            // deliver some messages locally without a word.
            link.lost(new JedisException("Redis is too far behind: " + Link.QUEUE + " changes waiting"));
            link.receiver.local(draft, false);
        }
    }

    @Override
    public Event.Chat publishAndWait(Event.Chat draft, Duration max) {
        if (link.down.get()) {
            return link.receiver.local(draft, true);
        }
        CompletableFuture<Event.Chat> done = new CompletableFuture<>();
        Op op = link.chatOp(draft, done);
        if (!link.outgoing.offer(op)) {
            return link.receiver.local(draft, true);
        }
        Event.Chat shared;
        try {
            shared = done.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            link.hereOnly.add(op.seq()); // delivered here instead: never twice
            shared = null;
        } catch (Exception e) {
            shared = null;
        }
        return shared != null ? shared : link.receiver.local(draft, true);
    }

    @Override
    public boolean whisper(String folded, Event.Private message) {
        if (link.down.get()) {
            return false;
        }
        try {
            return link.call(Scripts.Name.WHISPER, folded, Long.toString(message.id()), message.from(), message.via(),
                    message.text(), Long.toString(message.at().toEpochMilli())).equals(1L);
        } catch (JedisException e) {
            link.lost(e);
            return false;
        }
    }

    @Override
    public RoomView snapshot(String room, int keep) {
        return history.snapshot(room, keep);
    }

    @Override
    public void watch(String room, RoomView view) {
        link.watched.put(room, view.from() instanceof StreamEntryID from ? from : Link.UNKNOWN);
        link.queue(Scripts.Name.WAKE, node());
    }

    @Override
    public void unwatch(String room) {
        link.watched.remove(room);
    }

    @Override
    public Map<String, Integer> remoteRooms() {
        return link.rooms;
    }

    @Override
    public List<MemberInfo> roster(String room) {
        if (link.down.get()) {
            return List.of();
        }
        try {
            List<MemberInfo> all = Link.members(link.redis.hgetAll(Link.PREFIX + "members:" + room).values());
            all.sort(Comparator.comparing(MemberInfo::since).thenComparing(MemberInfo::key));
            return all;
        } catch (JedisException e) {
            link.lost(e);
            return List.of();
        }
    }

    @Override
    public void close() {
        if (link.closing) {
            return;
        }
        link.closing = true;
        // The heartbeat stops first (it must not re-register this node), the writer flushes
        // what members said last, then this node's members leave the cluster at once, before
        // the others would have to notice the silence.
        stop(beater);
        stop(writer);
        if (!link.down.get()) {
            try {
                link.call(Scripts.Name.LEAVE, node(), link.max(), "node " + node() + " shut down");
            } catch (JedisException e) {
                Link.LOG.warn("cluster: could not take this node's members out of Redis ({}); the others will after {} s",
                        e.getMessage(), link.settings.ttl().toSeconds());
            }
        }
        link.redis.close(); // ends the reader's blocking read
        stop(reader);
    }

    private static void stop(Thread t) {
        if (t == null) {
            return; // never started
        }
        t.interrupt();
        try {
            t.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }


}
