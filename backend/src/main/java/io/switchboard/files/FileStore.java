package io.switchboard.files;

import io.switchboard.config.FileSettings;
import io.switchboard.config.Settings;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shared files on disk, each named by its random id (never by the name people gave it), with an
 * index of what they are. Sizes are checked when an upload begins (the size announced, against the
 * largest file and the room's and the store's quotas, counting uploads under way) and while it is
 * received; files past their keeping time are swept away.
 */
public final class FileStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FileStore.class);
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final Path temp;
    private final FileIndex index;
    private final FileSettings limits;
    private final Clock clock;
    private final boolean ephemeral;
    // Guarded by "this": bytes held per room (stored and reserved by uploads under way), and in all.
    private final Map<String, Long> used = new HashMap<>();
    private long total;

    private FileStore(Path dir, FileIndex index, FileSettings limits, Clock clock, boolean ephemeral)
            throws IOException {
        this.dir = dir;
        this.temp = dir.resolve("tmp");
        this.index = index;
        this.limits = limits;
        this.clock = clock;
        this.ephemeral = ephemeral;
        Files.createDirectories(temp);
        tidy();
    }

    /**
     * The store {@code settings} ask for: in {@code --files-dir} (index in its files.db, for nodes that
     * share it), else in files/ beside the history database (index in that database), else (memory
     * history) a temporary one; null in a cluster without {@code --files-dir}: no node could serve
     * the others' files.
     */
    public static FileStore forSettings(Settings settings, Clock clock) throws IOException {
        FileSettings files = settings.files();
        if (files.dir() != null) {
            return open(files.dir(), files.dir().resolve("files.db"), files, clock);
        }
        Path history = settings.historyFile();
        if (settings.cluster().enabled()) {
            return null;
        }
        if (history == null) {
            return temporary(files, clock);
        }
        Path parent = history.toAbsolutePath().getParent();
        return open(parent.resolve("files"), history, files, clock);
    }

    /** A store in {@code dir} whose index is a table in the SQLite database {@code database}. */
    public static FileStore open(Path dir, Path database, FileSettings limits, Clock clock) throws IOException {
        FileIndex index = SqliteFileIndex.open(database);
        try {
            return new FileStore(dir, index, limits, clock, false);
        } catch (IOException | RuntimeException e) {
            index.close();
            throw e;
        }
    }

    /** A store for {@code --history memory}: a temporary directory, removed on close, and an index in memory. */
    public static FileStore temporary(FileSettings limits, Clock clock) throws IOException {
        return new FileStore(Files.createTempDirectory("switchboard-files"), new MemoryFileIndex(), limits, clock, true);
    }

    /** The largest file accepted, in bytes. */
    public long maxFile() {
        return limits.maxFile();
    }

    /**
     * Starts receiving a file for {@code room}; {@code size} is the size announced, or -1 when the
     * sender did not say (then the largest file allowed is held against the quotas until it ends).
     */
    public Upload begin(String room, String rawName, long size) throws FileRefused {
        if (size > limits.maxFile()) {
            throw new FileRefused("the file is " + size + " bytes, over the limit of " + limits.maxFile()
                    + " bytes (--max-file); nothing was kept", true);
        }
        long hold = size >= 0 ? size : limits.maxFile();
        synchronized (this) {
            long roomUsed = used.getOrDefault(room, 0L);
            if (roomUsed + hold > limits.roomQuota()) {
                throw new FileRefused("#" + room + " holds " + roomUsed + " bytes of files and its quota is "
                        + limits.roomQuota() + " (--file-room-quota); this file does not fit", true);
            }
            if (total + hold > limits.totalQuota()) {
                throw new FileRefused("the server holds " + total + " bytes of files and its quota is "
                        + limits.totalQuota() + " (--file-quota); this file does not fit", true);
            }
            used.merge(room, hold, Long::sum);
            total += hold;
        }
        String id = HexFormat.of().formatHex(randomId());
        try {
            return new Upload(this, id, room, FileNames.clean(rawName), size, hold, temp.resolve(id + ".part"));
        } catch (IOException e) {
            unhold(room, hold);
            log.error("files: cannot create a temporary file in {}: {}", temp, e.getMessage());
            throw new FileRefused("the server cannot store files right now (" + e.getMessage() + ")");
        }
    }

    /** The stored file with this id, or null (also for anything that is not an id). */
    public StoredFile find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return null;
        }
        try {
            StoredFile file = index.find(id);
            return file != null && Files.isRegularFile(content(id)) ? file : null;
        } catch (IOException e) {
            log.warn("files: {}", e.getMessage());
            return null;
        }
    }

    /** Where the content of a stored file is. */
    public Path content(String id) {
        return dir.resolve(id);
    }

    /** Deletes a stored file (one whose event could not be posted, or past its time). */
    public void delete(StoredFile file) {
        try {
            index.remove(file.id());
            Files.deleteIfExists(content(file.id()));
        } catch (IOException e) {
            log.warn("files: deleting {}: {}", file.id(), e.getMessage());
        }
        unhold(file.room(), file.size());
    }

    /** Deletes every file older than the keeping time (none when it is zero); returns how many. */
    public int expire() {
        if (limits.keep().isZero()) {
            return 0;
        }
        try {
            int n = 0;
            for (StoredFile old : index.before(now().minus(limits.keep()))) {
                delete(old);
                n++;
            }
            return n;
        } catch (IOException e) {
            log.warn("files: expiry: {}", e.getMessage());
            return 0;
        }
    }

    /** Bytes held by {@code room}'s files (and uploads under way). */
    public synchronized long used(String room) {
        return used.getOrDefault(room, 0L);
    }

    /** How often {@link #expire} is worth running. */
    public Duration sweepEvery() {
        Duration keep = limits.keep();
        return keep.isZero() || keep.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : keep;
    }

    Instant now() {
        return clock.instant();
    }

    /** An upload's content is complete: moved into place, then indexed, or deleted if either fails. */
    StoredFile commit(Upload upload, StoredFile file, Path part) throws FileRefused {
        try {
            Files.move(part, content(file.id()), StandardCopyOption.ATOMIC_MOVE);
            index.add(file);
        } catch (IOException e) {
            upload.abort();
            try {
                Files.deleteIfExists(content(file.id()));
            } catch (IOException again) {
                // swept at the next start
            }
            log.error("files: cannot store {}: {}", file.id(), e.getMessage());
            throw new FileRefused("the server could not store the file (" + e.getMessage() + "); nothing was kept");
        }
        synchronized (this) {
            long diff = file.size() - upload.reserved(); // an unannounced size held the largest file
            used.merge(file.room(), diff, Long::sum);
            total += diff;
        }
        return file;
    }

    /** An upload ended without a file: what it held goes back. */
    void release(Upload upload) {
        unhold(upload.room(), upload.reserved());
    }

    private synchronized void unhold(String room, long bytes) {
        used.computeIfPresent(room, (r, n) -> n - bytes <= 0 ? null : n - bytes);
        total = Math.max(0, total - bytes);
    }

    /**
     * At start: partial uploads of a previous run are deleted, so are index rows without content and
     * content without a row (a crash between the two), and the quotas are counted from what is left.
     */
    private void tidy() throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(temp)) {
            for (Path part : parts) {
                if (untouchedFor(part, Duration.ofHours(1))) { // another node's upload may be under way
                    Files.deleteIfExists(part);
                }
            }
        }
        Set<String> known = new HashSet<>();
        for (StoredFile f : index.all()) {
            if (Files.isRegularFile(content(f.id()))) {
                known.add(f.id());
                used.merge(f.room(), f.size(), Long::sum);
                total += f.size();
            } else {
                index.remove(f.id());
            }
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (ID.matcher(name).matches() && !known.contains(name) && untouchedFor(f, Duration.ofMinutes(1))) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Old enough not to be another node's upload under way or just finishing, in a shared directory. */
    private static boolean untouchedFor(Path f, Duration age) throws IOException {
        return Files.getLastModifiedTime(f).toInstant().isBefore(Instant.now().minus(age));
    }

    private static byte[] randomId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return id;
    }

    @Override
    public void close() {
        index.close();
        if (ephemeral) {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                log.debug("files: removing {}: {}", dir, e.getMessage());
            }
        }
    }
}
