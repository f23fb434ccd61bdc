package io.switchboard.files;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** Where the store keeps what it knows about its files: the history database, or memory. */
interface FileIndex extends AutoCloseable {

    /** Records a file whose content is in place. */
    void add(StoredFile file) throws IOException;

    /** The file with this id, or null. */
    StoredFile find(String id) throws IOException;

    /** Forgets a file. */
    void remove(String id) throws IOException;

    /** Every file, oldest first (for usage counts and clean-up at start). */
    List<StoredFile> all() throws IOException;

    /** Files stored before {@code cutoff}. */
    List<StoredFile> before(Instant cutoff) throws IOException;

    @Override
    void close();
}
