package io.switchboard.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The index as a table of an SQLite database: the history's own file (its own connection, which
 * WAL mode allows beside the history writer's), or {@code files.db} in a directory nodes share.
 * Uploads are rare next to chat: one statement each, on the caller's thread.
 */
final class SqliteFileIndex implements FileIndex {
    private static final String COLUMNS = "id, room, name, size, sha256, type, at";
    private final Connection db;

    private SqliteFileIndex(Connection db) throws SQLException {
        this.db = db;
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA busy_timeout=5000"); // other nodes or the history writer may hold the lock a moment
            s.execute("CREATE TABLE IF NOT EXISTS files (id TEXT PRIMARY KEY, room TEXT NOT NULL, name TEXT NOT NULL,"
                    + " size INTEGER NOT NULL, sha256 TEXT NOT NULL, type TEXT NOT NULL, at INTEGER NOT NULL)");
        }
    }

    /** Opens (creating if needed) the index in the database at {@code path}. */
    static SqliteFileIndex open(Path path) throws IOException {
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Connection db = DriverManager.getConnection("jdbc:sqlite:" + path);
            try {
                return new SqliteFileIndex(db);
            } catch (SQLException e) {
                db.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public synchronized void add(StoredFile f) throws IOException {
        try (PreparedStatement insert = db.prepareStatement("INSERT INTO files (" + COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, f.id());
            insert.setString(2, f.room());
            insert.setString(3, f.name());
            insert.setLong(4, f.size());
            insert.setString(5, f.sha256());
            insert.setString(6, f.type());
            insert.setLong(7, f.at().toEpochMilli());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("recording the file: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized StoredFile find(String id) throws IOException {
        List<StoredFile> found = query("SELECT " + COLUMNS + " FROM files WHERE id = ?", id);
        return found.isEmpty() ? null : found.get(0);
    }

    @Override
    public synchronized void remove(String id) throws IOException {
        try (PreparedStatement delete = db.prepareStatement("DELETE FROM files WHERE id = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new IOException("forgetting a file: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<StoredFile> all() throws IOException {
        return query("SELECT " + COLUMNS + " FROM files ORDER BY at");
    }

    @Override
    public synchronized List<StoredFile> before(Instant cutoff) throws IOException {
        return query("SELECT " + COLUMNS + " FROM files WHERE at < ? ORDER BY at", cutoff.toEpochMilli());
    }

    @Override
    public synchronized void close() {
        try {
            db.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }

    private List<StoredFile> query(String sql, Object... args) throws IOException {
        try (PreparedStatement q = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            List<StoredFile> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredFile(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                            rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IOException("reading the file index: " + e.getMessage(), e);
        }
    }
}
