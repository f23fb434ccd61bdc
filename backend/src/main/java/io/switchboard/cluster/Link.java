package io.switchboard.cluster;

import io.switchboard.config.ClusterSettings;
import io.switchboard.core.Backplane.Receiver;
import io.switchboard.core.Event;
import io.switchboard.core.MemberInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.resps.StreamEntry;

/**
 * One node's link to the cluster's Redis, shared by the backplane's callers and its three
 * threads ({@link ClusterWriter}, {@link ClusterReader}, {@link Heartbeat}): the client, the
 * queue of changes, what this node watches and has, and whether the link is up. The fields are
 * the threads' shared state; each says who writes it.
 */
final class Link {
    static final Logger LOG = LoggerFactory.getLogger(RedisBackplane.class);
    static final String PREFIX = "sb:";
    static final int QUEUE = 65_536;
    static final int BATCH = 512;
    static final int BLOCK_MILLIS = 1000;
    static final Duration RETRY = Duration.ofMillis(250);
    /** Where a room watched while Redis was away will be read from: decided once it is back. */
    static final StreamEntryID UNKNOWN = new StreamEntryID(0, 0);

    /**
     * A change waiting to be written; a chat draft may be awaited (HTTP posts). Presence changes
     * carry the link generation they were made in: one from before an outage is stale, since the
     * resync that ended the outage wrote the members' state as it is now.
     */
    record Op(Scripts.Name script, List<String> args, Event.Chat draft, long seq,
            CompletableFuture<Event.Chat> done, long generation) {
    }

    /** A member of this node, as the cluster should have it. */
    record Local(String room, MemberInfo info, String folded) {
    }

    final ClusterSettings settings;
    final RedisClient redis;
    final Scripts scripts = new Scripts();
    /** Changes for the writer; callers offer, the writer drains. */
    final BlockingQueue<Op> outgoing = new ArrayBlockingQueue<>(QUEUE);
    /** Rooms with members here, and the stream position read up to: callers add, the reader advances. */
    final Map<String, StreamEntryID> watched = new ConcurrentHashMap<>();
    /** This node's members as the cluster should have them (for the resync after an outage). */
    final Map<String, Local> locals = new ConcurrentHashMap<>();
    /** Drafts delivered locally instead: the writer skips them, the reader ignores them if they come back. */
    final Set<Long> hereOnly = ConcurrentHashMap.newKeySet();
    final AtomicLong seq = new AtomicLong();
    /** Ids never go back, even after a Redis restart. */
    final AtomicLong highestId = new AtomicLong();
    final AtomicBoolean down = new AtomicBoolean(true);
    final AtomicLong linkLosses = new AtomicLong();
    final AtomicLong generation = new AtomicLong();
    /** Members changed while their changes could not be sent. */
    final AtomicBoolean dirty = new AtomicBoolean();
    /** The cluster's rooms and sizes, as the last heartbeat saw them. */
    volatile Map<String, Integer> rooms = Map.of();
    volatile StreamEntryID inboxFrom;
    volatile boolean closing;
    volatile Receiver receiver;

    Link(ClusterSettings settings) {
        this.settings = settings;
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .database(settings.database())
                .clientName("switchboard-" + settings.node())
                .connectionTimeoutMillis(1000)
                .socketTimeoutMillis(2000)
                .blockingSocketTimeoutMillis(BLOCK_MILLIS + 2000);
        if (settings.password() != null) {
            client.user(settings.user()).password(settings.password());
        }
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(32); // the reader's blocking read holds one; claims, posts and the writer share the rest
        pool.setMaxWait(Duration.ofSeconds(2));
        this.redis = RedisClient.builder().hostAndPort(settings.host(), settings.port())
                .clientConfig(client.build()).poolConfig(pool).build();
    }

    String node() {
        return settings.node();
    }

    void lost(JedisException e) {
        if (!closing && down.compareAndSet(false, true)) {
            linkLosses.incrementAndGet();
            LOG.warn("cluster: lost the link to Redis ({}); chat stays on this node until it is back", e.getMessage());
            receiver.linkChanged();
        }
    }

    void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            // closing, or just woken
        }
    }

    Op chatOp(Event.Chat draft, CompletableFuture<Event.Chat> done) {
        long n = seq.incrementAndGet();
        List<String> args = List.of(PREFIX, draft.room(), max(), Long.toString(highestId.get()), node(),
                Long.toString(n), Entries.kind(draft), draft.nick(), draft.via(), Entries.text(draft),
                Long.toString(draft.at().toEpochMilli()), Integer.toString(settings.streamRooms()));
        return new Op(Scripts.Name.CHAT, args, draft, n, done, generation.get());
    }

    void queue(Scripts.Name script, String... args) {
        if (down.get()) {
            dirty.set(true); // redone from this node's members when the link is back
            return;
        }
        List<String> all = new ArrayList<>(args.length + 1);
        all.add(PREFIX);
        all.addAll(List.of(args));
        if (!outgoing.offer(new Op(script, all, null, 0, null, generation.get()))) {
            lost(new JedisException("Redis is too far behind: " + QUEUE + " changes waiting"));
        }
    }

    Object call(Scripts.Name script, String... args) {
        List<String> all = new ArrayList<>(args.length + 1);
        all.add(PREFIX);
        all.addAll(List.of(args));
        return redis.evalsha(scripts.sha(script), List.of(), all);
    }

    StreamEntryID newest(String key) {
        List<StreamEntry> last = redis.xrevrange(key, "+", "-", 1);
        return last.isEmpty() ? new StreamEntryID(0, 0) : last.get(0).getID();
    }

    List<MemberInfo> others(List<MemberInfo> all) {
        List<MemberInfo> out = new ArrayList<>();
        for (MemberInfo m : all) {
            if (!m.node().equals(node())) {
                out.add(m);
            }
        }
        return out;
    }

    /** Members from the JSON values of a room's members hash. */
    static List<MemberInfo> members(Collection<?> json) {
        List<MemberInfo> out = new ArrayList<>(json.size());
        for (Object one : json) {
            out.add(Entries.member((String) one));
        }
        return out;
    }

    /** The values of a hash as a script returns it: [field, value, field, value, ...]. */
    static List<Object> hashValues(List<?> flat) {
        List<Object> out = new ArrayList<>(flat.size() / 2);
        for (int i = 1; i < flat.size(); i += 2) {
            out.add(flat.get(i));
        }
        return out;
    }

    /** Stream entries as a script returns them: [[id, [field, value, ...]], ...]. */
    static List<StreamEntry> entries(Object raw) {
        List<StreamEntry> out = new ArrayList<>();
        for (Object o : (List<?>) raw) {
            List<?> pair = (List<?>) o;
            List<?> fields = (List<?>) pair.get(1);
            Map<String, String> map = new HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                map.put((String) fields.get(i), String.valueOf(fields.get(i + 1)));
            }
            out.add(new StreamEntry(new StreamEntryID((String) pair.get(0)), map));
        }
        return out;
    }

    String max() {
        return Integer.toString(settings.streamMax());
    }

    static String inbox(String node) {
        return PREFIX + "inbox:" + node;
    }
}
