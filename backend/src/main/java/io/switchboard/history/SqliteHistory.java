package io.switchboard.history;

import io.switchboard.core.Event;
import io.switchboard.core.History;
import io.switchboard.core.SharedFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * History in an embedded SQLite file. {@link #record} only enqueues (bounded); one writer
 * thread stores batches, one transaction each, so delivery never waits for the disk. Reads
 * merge what is stored with what is still waiting, so nothing recorded is ever missing.
 */
public final class SqliteHistory implements History {
    private static final Logger log = LoggerFactory.getLogger(SqliteHistory.class);
    private static final int MAX_QUEUED = 100_000;
    private static final int BATCH = 512;

    private final Connection db;
    private final int keep;
    private final Duration maxAge;
    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>(MAX_QUEUED);
    private final Thread writer;
    private final Semaphore available = new Semaphore(0); // wakes the writer; may over-count
    private final Object handoff = new Object(); // guards moving events from the queue to "writing"
    private volatile List<Event> writing = List.of(); // the batch being written, still readable
    private volatile boolean closed;
    private long lastId;
    private long lastPrune;
    private long lastErrorLog;
    private long dropped;

    private SqliteHistory(Connection db, int keep, Duration maxAge) throws SQLException {
        this.db = db;
        this.keep = keep;
        this.maxAge = maxAge;
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, room TEXT NOT NULL,"
                    + " kind TEXT NOT NULL, nick TEXT NOT NULL, via TEXT NOT NULL, text TEXT NOT NULL,"
                    + " at INTEGER NOT NULL)");
            s.execute("CREATE INDEX IF NOT EXISTS messages_room ON messages (room, id)");
            try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM messages")) {
                lastId = rs.next() ? rs.getLong(1) : 0;
            }
        }
        writer = new Thread(this::writeLoop, "history-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * Opens (creating if needed) the database at {@code path}, keeping at most {@code keep}
     * messages per room and, unless {@code maxAge} is zero, none older than it.
     */
    public static SqliteHistory open(Path path, int keep, Duration maxAge) throws IOException {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + path);
            try {
                return new SqliteHistory(db, keep, maxAge);
            } catch (SQLException e) {
                db.close();
                throw e;
            }
        } catch (SQLException | IOException | RuntimeException e) {
            throw new IOException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }

    @Override
    public void record(Event event) {
        if (!closed && queue.offer(event)) {
            available.release();
        } else {
            synchronized (this) {
                dropped++; // a disk far behind (or closed): chat goes on, history loses this one
            }
        }
    }

    @Override
    public List<Event> recent(String room, int limit, long before) {
        // Pending first, then the table: an event leaves "pending" only after it is committed,
        // so whatever the writer does in between, every event is in one of the two reads.
        List<Event> waiting;
        synchronized (handoff) {
            waiting = new ArrayList<>(writing);
            waiting.addAll(queue);
        }
        List<Event> events = new ArrayList<>();
        Set<Long> ids = new HashSet<>();
        synchronized (db) {
            try (PreparedStatement q = db.prepareStatement("SELECT id, kind, nick, via, text, at FROM messages"
                    + " WHERE room = ? AND id < ? ORDER BY id DESC LIMIT ?")) {
                q.setString(1, room);
                q.setLong(2, before);
                q.setInt(3, limit);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        Event e = toEvent(room, rs);
                        events.add(e);
                        ids.add(rs.getLong(1));
                    }
                }
            } catch (SQLException e) {
                logFailure("reading history of #" + room, e);
            }
        }
        for (Event e : waiting) {
            long id = ((Event.Chat) e).id();
            if (((Event.Chat) e).room().equals(room) && id < before && ids.add(id)) {
                events.add(e);
            }
        }
        events.sort(Comparator.comparingLong(e -> ((Event.Chat) e).id()));
        return List.copyOf(events.subList(Math.max(0, events.size() - limit), events.size()));
    }

    @Override
    public synchronized long lastId() {
        return lastId;
    }

    @Override
    public int lag() {
        // Under the hand-off lock: between draining the queue and publishing "writing" the batch
        // is in neither, and flush() (which waits for a lag of 0) returned before it was stored.
        synchronized (handoff) {
            return queue.size() + writing.size();
        }
    }

    @Override
    public synchronized long dropped() {
        return dropped;
    }

    @Override
    public void flush(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (this) {
            while (lag() > 0 && writer.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public void close(Duration max) {
        flush(max);
        closed = true;
        writer.interrupt();
        try {
            writer.join(max.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (db) {
            try {
                db.close();
            } catch (SQLException e) {
                log.warn("closing history: {}", e.getMessage());
            }
        }
    }

    private void writeLoop() {
        List<Event> batch = new ArrayList<>(BATCH);
        while (!closed || !queue.isEmpty()) {
            try {
                if (queue.isEmpty()) {
                    available.tryAcquire(1, TimeUnit.SECONDS);
                }
                synchronized (handoff) {
                    // Taken from the queue and published as "writing" in one step, so readers
                    // never catch an event in neither place.
                    available.drainPermits();
                    queue.drainTo(batch, BATCH);
                    writing = List.copyOf(batch);
                }
                if (!batch.isEmpty()) {
                    store(batch);
                }
            } catch (InterruptedException e) {
                if (queue.isEmpty()) {
                    break;
                }
            } finally {
                batch.clear();
                writing = List.of(); // after the commit: readers now find these in the table
                synchronized (this) {
                    notifyAll();
                }
            }
        }
    }

    private void store(List<Event> batch) {
        Set<String> rooms = new HashSet<>();
        synchronized (db) {
            try (PreparedStatement insert = db.prepareStatement("INSERT OR IGNORE INTO messages"
                    + " (id, room, kind, nick, via, text, at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                db.setAutoCommit(false);
                long highest = 0;
                for (Event e : batch) {
                    bind(insert, e);
                    insert.addBatch();
                    rooms.add(((Event.Chat) e).room());
                    highest = Math.max(highest, ((Event.Chat) e).id());
                }
                insert.executeBatch();
                db.commit();
                synchronized (this) {
                    lastId = Math.max(lastId, highest);
                }
                prune(rooms);
            } catch (SQLException e) {
                rollback();
                synchronized (this) {
                    dropped += batch.size();
                }
                logFailure("storing " + batch.size() + " messages", e);
            } finally {
                try {
                    db.setAutoCommit(true);
                } catch (SQLException e) {
                    log.debug("history autocommit: {}", e.getMessage());
                }
            }
        }
    }

    /** Keeps each touched room under its cap; drops messages past the age limit once a minute. */
    private void prune(Set<String> rooms) throws SQLException {
        try (PreparedStatement cap = db.prepareStatement("DELETE FROM messages WHERE room = ? AND id <="
                + " (SELECT id FROM messages WHERE room = ? ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
            for (String room : rooms) {
                cap.setString(1, room);
                cap.setString(2, room);
                cap.setInt(3, keep);
                cap.executeUpdate();
            }
        }
        long now = System.nanoTime();
        if (!maxAge.isZero() && now - lastPrune > TimeUnit.MINUTES.toNanos(1)) {
            lastPrune = now;
            try (PreparedStatement old = db.prepareStatement("DELETE FROM messages WHERE at < ?")) {
                old.setLong(1, Instant.now().minus(maxAge).toEpochMilli());
                old.executeUpdate();
            }
        }
        db.commit();
    }

    private static void bind(PreparedStatement insert, Event e) throws SQLException {
        Event.Chat c = (Event.Chat) e;
        if (c instanceof Event.Shared shared) {
            row(insert, c.id(), c.room(), "file", c.nick(), c.via(), shared.file().encode(), c.at());
            return;
        }
        row(insert, c.id(), c.room(), c instanceof Event.Emote ? "emote" : "message", c.nick(), c.via(), c.text(),
                c.at());
    }

    private static void row(PreparedStatement insert, long id, String room, String kind, String nick, String via,
            String text, Instant at) throws SQLException {
        insert.setLong(1, id);
        insert.setString(2, room);
        insert.setString(3, kind);
        insert.setString(4, nick);
        insert.setString(5, via);
        insert.setString(6, text);
        insert.setLong(7, at.toEpochMilli());
    }

    private static Event toEvent(String room, ResultSet rs) throws SQLException {
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

    private void rollback() {
        try {
            db.rollback();
        } catch (SQLException e) {
            log.debug("history rollback: {}", e.getMessage());
        }
    }

    private synchronized void logFailure(String what, SQLException e) {
        long now = System.nanoTime();
        if (now - lastErrorLog > TimeUnit.MINUTES.toNanos(1)) { // a failing disk must not flood the log
            lastErrorLog = now;
            log.error("history: {} failed ({}); chat goes on without it", what, e.getMessage());
        }
    }
}
