package io.switchboard;

import io.switchboard.Gateway.StartupException;
import io.switchboard.cluster.RedisBackplane;
import io.switchboard.config.Settings;
import io.switchboard.core.Backplane;
import io.switchboard.core.History;
import io.switchboard.core.LocalBackplane;
import io.switchboard.core.MemoryHistory;
import io.switchboard.files.FileStore;
import io.switchboard.history.SqliteHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What the hub keeps things in: the backplane (this node, or the cluster's Redis), the history and the file
 * store. Opening them is most of the start-up's disk and native work (SQLite's library, both databases'
 * schemas) or its network wait (Redis), none of which the listeners' set-up needs, so the gateway opens them
 * on a second thread meanwhile. {@code files} is null in a cluster without --files-dir; {@code linkLosses}
 * is null on a single node.
 */
record Stores(Backplane backplane, History history, FileStore files, LongSupplier linkLosses) {

    /** Joins the cluster or opens the history, then the file store; a failure says which option to change. */
    static Stores open(Settings settings) {
        if (settings.cluster().enabled()) {
            // In a cluster the rooms' streams in Redis are the history; --history is not used.
            // Redis keeps whole streams per room: the total becomes a number of rooms' streams.
            RedisBackplane cluster = new RedisBackplane(settings.cluster()
                    .withStreamRooms(Math.max(1, settings.historyTotal() / settings.cluster().streamMax())));
            try {
                cluster.connect();
            } catch (IllegalStateException e) {
                cluster.close();
                throw new StartupException(e.getMessage() + " (--cluster)", e);
            }
            History history = cluster.history();
            return new Stores(cluster, history, openFiles(settings, history, cluster), cluster::linkLosses);
        }
        History history = openHistory(settings);
        Backplane local = new LocalBackplane();
        return new Stores(local, history, openFiles(settings, history, local), null);
    }

    /** Closes what {@link #open} opened, for a start that fails after it (nothing was recorded yet). */
    void close() {
        backplane.close();
        history.close(Duration.ZERO);
    }

    private static History openHistory(Settings settings) {
        Path file = settings.historyFile();
        if (file == null) {
            return new MemoryHistory(settings.historyKeep(), settings.historyTotal(), MemoryHistory.MAX_BYTES);
        }
        try {
            return SqliteHistory.open(file, settings.historyKeep(), settings.historyTotal(), settings.historyMaxAge());
        } catch (IOException e) {
            throw new StartupException("cannot open the history database " + file + ": " + e.getMessage()
                    + "; choose another file with --history sqlite:PATH, or use --history memory", e);
        }
    }

    private static FileStore openFiles(Settings settings, History history, Backplane backplane) {
        try {
            return FileStore.forSettings(settings, Clock.systemUTC());
        } catch (IOException | RuntimeException e) {
            backplane.close();
            history.close(Duration.ZERO);
            throw new StartupException("cannot open the file store: " + e.getMessage()
                    + "; choose a writable directory with --files-dir", e);
        }
    }
}
