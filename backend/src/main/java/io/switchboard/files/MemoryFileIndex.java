package io.switchboard.files;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The index with {@code --history memory}: gone with the process, like the files beside it. */
final class MemoryFileIndex implements FileIndex {
    private final Map<String, StoredFile> files = new LinkedHashMap<>();

    @Override
    public synchronized void add(StoredFile file) {
        files.put(file.id(), file);
    }

    @Override
    public synchronized StoredFile find(String id) {
        return files.get(id);
    }

    @Override
    public synchronized void remove(String id) {
        files.remove(id);
    }

    @Override
    public synchronized List<StoredFile> all() {
        return new ArrayList<>(files.values());
    }

    @Override
    public synchronized List<StoredFile> before(Instant cutoff) {
        List<StoredFile> old = new ArrayList<>();
        for (StoredFile f : files.values()) {
            if (f.at().isBefore(cutoff)) {
                old.add(f);
            }
        }
        return old;
    }

    @Override
    public void close() {
        // nothing to release
    }
}
