package io.switchboard.files;

import io.switchboard.core.Hub;
import io.switchboard.core.Member;
import io.switchboard.core.Posted;
import io.switchboard.core.SharedFile;
import io.switchboard.security.Hmac;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What every way in uses to share a file: the store, the hub, and the address the room is told.
 * With a secret, each file's address carries a key derived from it, so the {@code curl -O} line a
 * terminal member is shown works as it is, and only for that file; without the secret no key can
 * be made.
 */
public final class Sharing implements AutoCloseable {
    /** Why there is no store in a cluster without a shared directory. */
    public static final String OFF_IN_CLUSTER = "file sharing is off on this cluster: every node must be able to"
            + " serve every file, so the operator starts each node with --files-dir DIR on a disk they all share";
    private final FileStore store; // null: sharing is off, for the reason below
    private final String off;
    private final Hub hub;
    private final Hmac keys;
    private ScheduledExecutorService sweeper;
    private volatile String base = "http://localhost/";

    /** {@code store} null turns sharing off with {@code off} as the reason everyone is given. */
    public Sharing(FileStore store, String off, Hub hub, String secret) {
        this.store = store;
        this.off = off;
        this.hub = hub;
        this.keys = secret == null ? null : new Hmac(secret);
    }

    /** Serves from {@code baseUrl} (absolute, ending in a slash) and starts the expiry sweep. */
    public synchronized void start(String baseUrl) {
        base = baseUrl;
        if (store != null && sweeper == null) {
            sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread t = new Thread(task, "files-expiry");
                t.setDaemon(true);
                return t;
            });
            long every = store.sweepEvery().toMillis();
            sweeper.scheduleWithFixedDelay(store::expire, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Starts an upload to {@code room}; refused when sharing is off, too large or over quota. */
    public Upload begin(String room, String name, long size) throws FileRefused {
        if (store == null) {
            throw new FileRefused(off);
        }
        return store.begin(room, name, size);
    }

    /**
     * Tells the room: as {@code by} (in its room), or with {@code by} null as {@code nick} in
     * {@code room}. A file whose event is refused is deleted: nothing is kept that no one was told of.
     */
    public Posted share(Member by, String room, String nick, String via, StoredFile file) {
        Posted posted = hub.share(by, room, nick, via, describe(file));
        if (posted.message() == null) {
            store.delete(file);
        }
        return posted;
    }

    /** A stored file as rooms see it, with its absolute address. */
    public SharedFile describe(StoredFile f) {
        String url = base + SharedFile.pathOf(f.id(), f.name()) + (keys == null ? "" : "?key=" + keyFor(f.id()));
        return new SharedFile(f.id(), f.name(), f.size(), f.sha256(), f.type(), url);
    }

    /** The stored file with this id, or null (none, or sharing is off). */
    public StoredFile find(String id) {
        return store == null ? null : store.find(id);
    }

    /** The store (null when sharing is off). */
    public FileStore store() {
        return store;
    }

    /** Whether {@code key} is the download key of file {@code id} (always false without a secret). */
    public boolean keyAdmits(String id, String key) {
        return keys != null && key != null && MessageDigest.isEqual(keyFor(id).getBytes(StandardCharsets.US_ASCII),
                key.getBytes(StandardCharsets.US_ASCII));
    }

    private String keyFor(String id) {
        return Hmac.hex(keys.sign(("file " + id).getBytes(StandardCharsets.UTF_8))).substring(0, 32);
    }

    @Override
    public synchronized void close() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        if (store != null) {
            store.close();
        }
    }
}
