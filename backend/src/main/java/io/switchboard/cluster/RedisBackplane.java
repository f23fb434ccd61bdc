package io.switchboard.cluster;

import io.switchboard.config.ClusterSettings;
import io.switchboard.core.Backplane;
import io.switchboard.core.Event;
import io.switchboard.core.MemberInfo;
import io.switchboard.core.Names;
import io.switchboard.runtime.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.XReadParams;
import redis.clients.jedis.resps.StreamEntry;

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
    private static final Logger LOG = LoggerFactory.getLogger(RedisBackplane.class);
    private static final String PREFIX = "sb:";
    private static final int QUEUE = 65_536;
    private static final int BATCH = 512;
    private static final int BLOCK_MILLIS = 1000;
    private static final Duration RETRY = Duration.ofMillis(250);
    /** Where a room watched while Redis was away will be read from: decided once it is back. */
    private static final StreamEntryID UNKNOWN = new StreamEntryID(0, 0);

    /**
     * A change waiting to be written; a chat draft may be awaited (HTTP posts). Presence changes
     * carry the link generation they were made in: one from before an outage is stale, since the
     * resync that ended the outage wrote the members' state as it is now.
     */
    private record Op(Scripts.Name script, List<String> args, Event.Chat draft, long seq,
            CompletableFuture<Event.Chat> done, long generation) {
    }

    /** A member of this node, as the cluster should have it. */
    private record Local(String room, MemberInfo info, String folded) {
    }

    private final ClusterSettings settings;
    private final RedisClient redis;
    private final Scripts scripts = new Scripts();
    private final long idBase;
    private final BlockingQueue<Op> outgoing = new ArrayBlockingQueue<>(QUEUE);
    private final Map<String, StreamEntryID> watched = new ConcurrentHashMap<>();
    private final Map<String, Local> locals = new ConcurrentHashMap<>();
    private final Set<Long> hereOnly = ConcurrentHashMap.newKeySet(); // drafts delivered locally instead
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong highestId = new AtomicLong(); // ids never go back, even after a Redis restart
    private final AtomicBoolean down = new AtomicBoolean(true);
    private final AtomicLong linkLosses = new AtomicLong();
    private final AtomicLong generation = new AtomicLong();
    private final AtomicBoolean dirty = new AtomicBoolean(); // members changed while their changes could not be sent
    private volatile Map<String, Integer> rooms = Map.of();
    private volatile StreamEntryID inboxFrom;
    private volatile boolean closing;
    private Receiver receiver;
    private Thread writer;
    private Thread reader;
    private Thread beater;

    public RedisBackplane(ClusterSettings settings) {
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
            scripts.load(redis);
            if (call(Scripts.Name.ALIVE, settings.node()).equals(1L)) {
                throw new IllegalStateException("a running node is already called " + settings.node()
                        + "; give this one another --node (or wait " + settings.ttl().toSeconds() + " s if it died)");
            }
            beat();
            inboxFrom = newest(inbox(settings.node()));
            down.set(false);
        } catch (JedisException e) {
            throw new IllegalStateException("cannot reach Redis at " + settings + ": " + e.getMessage(), e);
        }
    }

    /** The history of rooms in this cluster: their streams. */
    public io.switchboard.core.History history() {
        return new StreamHistory(this);
    }

    @Override
    public String node() {
        return settings.node();
    }

    @Override
    public long idBase() {
        return idBase;
    }

    @Override
    public void start(Receiver events) {
        this.receiver = events;
        writer = Threads.daemon("cluster-writer", this::write);
        reader = Threads.daemon("cluster-reader", this::read);
        beater = Threads.daemon("cluster-beat", this::beatLoop);
    }

    @Override
    public boolean degraded() {
        return down.get();
    }

    /** Times the link was lost since start (for /metrics). */
    public long linkLosses() {
        return linkLosses.get();
    }

    @Override
    public boolean claim(String folded, MemberInfo who) {
        if (down.get()) {
            return true;
        }
        try {
            return call(Scripts.Name.CLAIM, folded, who.key(), node()).equals(1L);
        } catch (JedisException e) {
            lost(e);
            return true;
        }
    }

    @Override
    public String claimGuest(MemberInfo who) {
        if (down.get()) {
            return null;
        }
        try {
            return (String) call(Scripts.Name.GUEST, who.key(), node());
        } catch (JedisException e) {
            lost(e);
            return null;
        }
    }

    @Override
    public void release(String folded, MemberInfo who) {
        queue(Scripts.Name.RELEASE, folded, who.key(), node());
    }

    @Override
    public void entered(String room, MemberInfo who) {
        String folded = Names.fold(who.nick());
        locals.put(who.key(), new Local(room, who, folded));
        queue(Scripts.Name.ENTER, room, max(), node(), who.key(), Entries.member(who), folded);
    }

    @Override
    public void exited(String room, MemberInfo who, String reason, String folded) {
        if (folded != null) {
            locals.remove(who.key());
        }
        queue(Scripts.Name.EXIT, room, max(), node(), who.key(), Entries.member(who), reason,
                folded == null ? "" : folded);
    }

    @Override
    public void renamed(String room, String oldNick, MemberInfo who) {
        String folded = Names.fold(who.nick());
        locals.put(who.key(), new Local(room, who, folded));
        queue(Scripts.Name.RENAME, room, max(), node(), who.key(), Entries.member(who), oldNick, folded);
    }

    @Override
    public boolean publish(Event.Chat draft) {
        if (down.get()) {
            return false;
        }
        if (!outgoing.offer(chatOp(draft, null))) {
            // Redis is this far behind: say so (rooms are told they are degraded) rather than
            // deliver some messages locally without a word.
            lost(new JedisException("Redis is too far behind: " + QUEUE + " changes waiting"));
            return false;
        }
        return true;
    }

    @Override
    public Event.Chat publishAndWait(Event.Chat draft, Duration max) {
        if (down.get()) {
            return null;
        }
        CompletableFuture<Event.Chat> done = new CompletableFuture<>();
        Op op = chatOp(draft, done);
        if (!outgoing.offer(op)) {
            return null;
        }
        try {
            return done.get(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            hereOnly.add(op.seq()); // the caller delivers it locally: never twice
            return null;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public boolean whisper(String folded, Event.Private message) {
        if (down.get()) {
            return false;
        }
        try {
            return call(Scripts.Name.WHISPER, folded, Long.toString(message.id()), message.from(), message.via(),
                    message.text(), Long.toString(message.at().toEpochMilli())).equals(1L);
        } catch (JedisException e) {
            lost(e);
            return false;
        }
    }

    @Override
    public RoomView snapshot(String room, int keep) {
        if (down.get()) {
            return new RoomView(List.of(), List.of(), UNKNOWN);
        }
        try {
            // Presence entries share the stream with chat: look a few times further back.
            List<?> reply = (List<?>) call(Scripts.Name.SNAPSHOT, room, Integer.toString(Math.max(keep * 4, 100)));
            List<StreamEntry> newestFirst = entries(reply.get(0));
            List<Event> recent = new ArrayList<>();
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                Event.Chat chat = Entries.chat(room, newestFirst.get(i).getFields());
                if (chat != null) {
                    recent.add(chat);
                    highestId.accumulateAndGet(chat.id(), Math::max);
                }
            }
            return new RoomView(recent.subList(Math.max(0, recent.size() - keep), recent.size()),
                    others(members(hashValues((List<?>) reply.get(1)))),
                    newestFirst.isEmpty() ? new StreamEntryID(0, 0) : newestFirst.get(0).getID());
        } catch (JedisException e) {
            lost(e);
            return new RoomView(List.of(), List.of(), UNKNOWN);
        }
    }

    @Override
    public void watch(String room, RoomView view) {
        watched.put(room, view.from() instanceof StreamEntryID from ? from : UNKNOWN);
        queue(Scripts.Name.WAKE, node());
    }

    @Override
    public void unwatch(String room) {
        watched.remove(room);
    }

    @Override
    public Map<String, Integer> remoteRooms() {
        return rooms;
    }

    @Override
    public List<MemberInfo> roster(String room) {
        if (down.get()) {
            return List.of();
        }
        try {
            List<MemberInfo> all = members(redis.hgetAll(PREFIX + "members:" + room).values());
            all.sort(Comparator.comparing(MemberInfo::since).thenComparing(MemberInfo::key));
            return all;
        } catch (JedisException e) {
            lost(e);
            return List.of();
        }
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        // The heartbeat stops first (it must not re-register this node), the writer flushes
        // what members said last, then this node's members leave the cluster at once, before
        // the others would have to notice the silence.
        stop(beater);
        stop(writer);
        if (!down.get()) {
            try {
                call(Scripts.Name.LEAVE, node(), max(), "node " + node() + " shut down");
            } catch (JedisException e) {
                LOG.warn("cluster: could not take this node's members out of Redis ({}); the others will after {} s",
                        e.getMessage(), settings.ttl().toSeconds());
            }
        }
        redis.close(); // ends the reader's blocking read
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

    /** Chat events of {@code room} with an id below {@code before}, oldest first: from its stream. */
    List<Event> recent(String room, int limit, long before) {
        if (down.get()) {
            return List.of();
        }
        List<Event> newestFirst = new ArrayList<>();
        String end = "+";
        int scanned = 0;
        try {
            while (newestFirst.size() < limit && scanned < settings.streamMax() * 2) {
                List<StreamEntry> page = redis.xrevrange(PREFIX + "room:" + room, end, "-", 200);
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
            lost(e);
        }
        List<Event> out = new ArrayList<>(newestFirst.size());
        for (int i = newestFirst.size() - 1; i >= 0; i--) {
            out.add(newestFirst.get(i));
        }
        return out;
    }

    // ---- the writer: queued changes, pipelined

    private void write() {
        List<Op> batch = new ArrayList<>(BATCH);
        while (!closing || !outgoing.isEmpty()) {
            try {
                Op first = outgoing.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                if (closing) {
                    outgoing.drainTo(batch); // close() flushes what members said last
                    if (batch.isEmpty()) {
                        return;
                    }
                } else {
                    continue;
                }
            }
            outgoing.drainTo(batch, BATCH - batch.size());
            try {
                send(batch);
            } catch (RuntimeException e) {
                // Whatever it was, the writer must live on: these drafts are delivered here.
                LOG.warn("cluster: could not write {} changes", batch.size(), e);
                unsent(batch, true);
            }
            batch.clear();
        }
    }

    private void send(List<Op> batch) {
        if (down.get()) {
            unsent(batch, false);
            return;
        }
        List<Response<Object>> replies = new ArrayList<>(batch.size());
        try (Pipeline pipe = redis.pipelined()) {
            for (Op op : batch) {
                if (op.draft() != null && hereOnly.remove(op.seq())) {
                    replies.add(null); // given up on by its caller: already delivered locally
                } else if (op.draft() == null && op.generation() != generation.get()) {
                    replies.add(null); // from before an outage: the resync wrote the state since
                } else {
                    replies.add(pipe.evalsha(scripts.sha(op.script()), List.of(), op.args()));
                }
            }
            pipe.sync();
        } catch (JedisException e) {
            lost(e);
            unsent(batch, true);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Op op = batch.get(i);
            if (replies.get(i) == null) {
                continue;
            }
            try {
                Object reply = replies.get(i).get();
                if (op.draft() != null) {
                    long id = (Long) ((List<?>) reply).get(0);
                    highestId.accumulateAndGet(id, Math::max);
                    if (op.done() != null) {
                        op.done().complete(op.draft().withId(id));
                    }
                }
            } catch (JedisDataException e) {
                LOG.warn("cluster: Redis refused {}: {}", op.script(), e.getMessage());
                unsent(List.of(op), false);
            }
        }
    }

    /**
     * What could not be written: chat is delivered on this node; presence is redone on resync.
     * {@code perhaps} when the batch may have reached Redis before the link failed: then the
     * reader must skip these drafts if they turn up in the stream.
     */
    private void unsent(List<Op> batch, boolean perhaps) {
        for (Op op : batch) {
            if (op.draft() == null) {
                continue;
            }
            if (perhaps) {
                hereOnly.add(op.seq());
            }
            if (op.done() != null) {
                op.done().complete(null); // the caller delivers it
            } else {
                receiver.undelivered(op.draft());
            }
        }
    }

    // ---- the reader: watched rooms and this node's inbox, in stream order

    private void read() {
        while (!closing) {
            if (down.get() && !resync()) {
                pause();
                continue;
            }
            try {
                for (Map.Entry<String, StreamEntryID> w : watched.entrySet()) {
                    if (w.getValue() == UNKNOWN) {
                        place(w.getKey()); // entered while the link was down, which it no longer is
                    }
                }
                Map<String, StreamEntryID> streams = new LinkedHashMap<>();
                streams.put(inbox(node()), inboxFrom);
                watched.forEach((room, from) -> {
                    if (from != UNKNOWN) {
                        streams.put(PREFIX + "room:" + room, from);
                    }
                });
                List<Map.Entry<String, List<StreamEntry>>> got = redis.xread(
                        XReadParams.xReadParams().block(BLOCK_MILLIS).count(BATCH), streams);
                if (got == null) {
                    continue;
                }
                for (Map.Entry<String, List<StreamEntry>> stream : got) {
                    if (stream.getKey().startsWith(PREFIX + "inbox:")) {
                        stream.getValue().forEach(this::fromInbox);
                    } else {
                        String room = stream.getKey().substring((PREFIX + "room:").length());
                        List<Event.Chat> run = new ArrayList<>();
                        for (StreamEntry e : stream.getValue()) {
                            fromRoom(room, e, run);
                        }
                        flush(room, run);
                    }
                }
            } catch (JedisException e) {
                if (!closing) {
                    lost(e);
                }
            } catch (RuntimeException e) {
                LOG.warn("cluster: skipped an entry it could not read", e);
            }
        }
    }

    private void fromInbox(StreamEntry entry) {
        inboxFrom = entry.getID();
        if ("p".equals(entry.getFields().get("k"))) {
            receiver.whisper(Entries.whisper(entry.getFields()));
        }
    }

    /** Chat gathered from a room's entries goes to the hub in one batch. */
    private void flush(String room, List<Event.Chat> run) {
        if (!run.isEmpty()) {
            receiver.chat(room, List.copyOf(run));
            run.clear();
        }
    }

    /** One entry of a room's stream; chat is gathered in {@code run}, presence flushes it first. */
    private void fromRoom(String room, StreamEntry entry, List<Event.Chat> run) {
        // Only entries past the room's position count: a room re-watched meanwhile has moved on.
        boolean[] fresh = {false};
        watched.computeIfPresent(room, (r, from) -> {
            if (from != UNKNOWN && entry.getID().compareTo(from) > 0) {
                fresh[0] = true;
                return entry.getID();
            }
            return from;
        });
        if (!fresh[0]) {
            return;
        }
        Map<String, String> f = entry.getFields();
        boolean mine = node().equals(f.get("n"));
        Event.Chat chat = Entries.chat(room, f);
        if (chat != null) {
            highestId.accumulateAndGet(chat.id(), Math::max);
            if (!(mine && hereOnly.remove(Long.parseLong(f.get("s"))))) {
                run.add(chat);
            }
            return;
        }
        flush(room, run); // presence keeps its place in the room's order
        if (mine) {
            return; // this node's own presence was shown here when it happened
        }
        switch (f.getOrDefault("k", "")) {
            case "j" -> receiver.joined(room, Entries.member(f.get("who")));
            case "l" -> receiver.left(room, Entries.member(f.get("who")), f.get("why"));
            case "r" -> receiver.renamed(room, f.get("old"), Entries.member(f.get("who")));
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
            redis.getPool().clear();
            scripts.load(redis);
            generation.incrementAndGet(); // changes queued before the outage are stale now
            beat();
            if (inboxFrom == null) {
                inboxFrom = newest(inbox(node()));
            }
            do {
                dirty.set(false);
                reconcile();
            } while (dirty.get());
            for (String room : watched.keySet()) {
                place(room);
            }
            if (down.compareAndSet(true, false)) {
                if (dirty.getAndSet(false)) {
                    reconcile(); // a member changed between the last pass and now: its change was not queued
                }
                LOG.info("cluster: the link to Redis is back");
                receiver.linkChanged();
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
        for (Map.Entry<String, String> rec : redis.hgetAll(PREFIX + "node:" + node()).entrySet()) {
            String key = rec.getKey();
            String[] roomAndNick = rec.getValue().split("\t", -1);
            Local now = locals.get(key);
            if (now == null) {
                exitRecorded(key, roomAndNick[0], "left while node " + node() + " was cut off", roomAndNick[1]);
                continue;
            }
            if (!roomAndNick[0].isEmpty() && !roomAndNick[0].equals(now.room())) {
                exitRecorded(key, roomAndNick[0], "went to #" + now.room(), "");
            }
            if (!roomAndNick[1].isEmpty() && !roomAndNick[1].equals(now.folded())) {
                call(Scripts.Name.RELEASE, roomAndNick[1], key, node());
            }
        }
        for (Local m : locals.values()) {
            String key = m.info().key();
            String json = Entries.member(m.info());
            String stored = redis.hget(PREFIX + "members:" + m.room(), key);
            if (stored != null && !Entries.member(stored).nick().equals(m.info().nick())) {
                call(Scripts.Name.RENAME, m.room(), max(), node(), key, json, Entries.member(stored).nick(),
                        m.folded());
            }
            if (Long.valueOf(1).equals(call(Scripts.Name.REASSERT, m.room(), max(), node(), key, json, m.folded()))) {
                receiver.nickLost(m.info());
            }
            if (locals.get(key) != m) {
                dirty.set(true); // it changed while being written: another pass
            }
        }
    }

    /**
     * Tells the hub who is in a watched room on other nodes now; a room entered while the link
     * was down is read from now on (what was said there meanwhile is not replayed).
     */
    private void place(String room) {
        if (watched.get(room) == UNKNOWN) {
            watched.replace(room, UNKNOWN, newest(PREFIX + "room:" + room));
        }
        receiver.roster(room, others(members(redis.hgetAll(PREFIX + "members:" + room).values())));
    }

    private void exitRecorded(String key, String room, String why, String folded) {
        String info = room.isEmpty() ? null : redis.hget(PREFIX + "members:" + room, key);
        call(Scripts.Name.EXIT, room, max(), node(), key, info == null ? "{}" : info, why, folded);
    }

    // ---- the heartbeat

    private void beatLoop() {
        while (!closing) {
            try {
                Thread.sleep(settings.beat().toMillis());
            } catch (InterruptedException e) {
                continue;
            }
            if (down.get()) {
                continue; // the reader is reconnecting
            }
            try {
                if (beat()) {
                    // This node was taken for dead (a long pause): its members were evicted.
                    lost(new JedisException("this node was taken for dead"));
                }
            } catch (JedisException e) {
                lost(e);
            }
        }
    }

    /** Says this node is alive, reaps dead nodes and refreshes the room list; true if it had been forgotten. */
    private boolean beat() {
        List<?> reply = (List<?>) call(Scripts.Name.BEAT, node(), Long.toString(settings.ttl().toMillis()), max());
        List<?> counts = (List<?>) reply.get(1);
        Map<String, Integer> next = new HashMap<>();
        for (int i = 0; i + 1 < counts.size(); i += 2) {
            next.put((String) counts.get(i), Integer.parseInt((String) counts.get(i + 1)));
        }
        rooms = Map.copyOf(next);
        return Long.valueOf(1).equals(reply.get(0)) && !locals.isEmpty() && !down.get();
    }

    // ---- helpers

    private void lost(JedisException e) {
        if (!closing && down.compareAndSet(false, true)) {
            linkLosses.incrementAndGet();
            LOG.warn("cluster: lost the link to Redis ({}); chat stays on this node until it is back", e.getMessage());
            receiver.linkChanged();
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            // closing, or just woken
        }
    }

    private Op chatOp(Event.Chat draft, CompletableFuture<Event.Chat> done) {
        long n = seq.incrementAndGet();
        List<String> args = List.of(PREFIX, draft.room(), max(), Long.toString(highestId.get()), node(),
                Long.toString(n), Entries.kind(draft), draft.nick(), draft.via(), Entries.text(draft),
                Long.toString(draft.at().toEpochMilli()));
        return new Op(Scripts.Name.CHAT, args, draft, n, done, generation.get());
    }

    private void queue(Scripts.Name script, String... args) {
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

    private Object call(Scripts.Name script, String... args) {
        List<String> all = new ArrayList<>(args.length + 1);
        all.add(PREFIX);
        all.addAll(List.of(args));
        return redis.evalsha(scripts.sha(script), List.of(), all);
    }

    private StreamEntryID newest(String key) {
        List<StreamEntry> last = redis.xrevrange(key, "+", "-", 1);
        return last.isEmpty() ? new StreamEntryID(0, 0) : last.get(0).getID();
    }

    private List<MemberInfo> others(List<MemberInfo> all) {
        List<MemberInfo> out = new ArrayList<>();
        for (MemberInfo m : all) {
            if (!m.node().equals(node())) {
                out.add(m);
            }
        }
        return out;
    }

    /** Members from the JSON values of a room's members hash. */
    private static List<MemberInfo> members(Collection<?> json) {
        List<MemberInfo> out = new ArrayList<>(json.size());
        for (Object one : json) {
            out.add(Entries.member((String) one));
        }
        return out;
    }

    /** The values of a hash as a script returns it: [field, value, field, value, ...]. */
    private static List<Object> hashValues(List<?> flat) {
        List<Object> out = new ArrayList<>(flat.size() / 2);
        for (int i = 1; i < flat.size(); i += 2) {
            out.add(flat.get(i));
        }
        return out;
    }

    /** Stream entries as a script returns them: [[id, [field, value, ...]], ...]. */
    private static List<StreamEntry> entries(Object raw) {
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

    private String max() {
        return Integer.toString(settings.streamMax());
    }

    private static String inbox(String node) {
        return PREFIX + "inbox:" + node;
    }
}
