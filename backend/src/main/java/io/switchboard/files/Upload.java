package io.switchboard.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file being received: bytes go to a temporary file and the digest as they come, counted
 * against the size announced (or, when none was, the largest file allowed). Either {@link #finish}
 * puts it in the store, or {@link #abort} leaves nothing behind; one thread at a time uses it.
 */
public final class Upload {
    private final FileStore store;
    private final String id;
    private final String room;
    private final String name;
    private final long declared; // -1: not announced
    private final long limit;
    private final Path temp;
    private final FileChannel out;
    private final MessageDigest sha;
    private final byte[] head = new byte[FileTypes.SNIFF];
    private long written;
    private boolean over;
    private boolean ended; // finished or aborted: what it held is settled, once

    Upload(FileStore store, String id, String room, String name, long declared, long limit, Path temp)
            throws IOException {
        this.store = store;
        this.id = id;
        this.room = room;
        this.name = name;
        this.declared = declared;
        this.limit = limit;
        this.temp = temp;
        this.out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The name the file will be offered under. */
    public String name() {
        return name;
    }

    /** Bytes received so far. */
    public long written() {
        return written;
    }

    /** Takes the next bytes; past the size allowed the upload is aborted and refused. */
    public void write(byte[] bytes, int offset, int length) throws FileRefused {
        if (over) {
            throw tooLarge();
        }
        if (written + length > limit) {
            over = true;
            abort();
            throw tooLarge();
        }
        if (written < head.length) {
            System.arraycopy(bytes, offset, head, (int) written, (int) Math.min(length, head.length - written));
        }
        sha.update(bytes, offset, length);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException e) {
            abort();
            throw new FileRefused("the server could not write the file (" + e.getMessage() + "); nothing was kept");
        }
        written += length;
    }

    /** Everything arrived: the file joins the store. Refused (and gone) if fewer bytes came than announced. */
    public StoredFile finish() throws FileRefused {
        if (over) {
            throw tooLarge();
        }
        if (declared >= 0 && written != declared) {
            abort();
            throw new FileRefused("the upload was cut short: " + written + " of " + declared + " bytes arrived;"
                    + " nothing was kept");
        }
        try {
            out.close();
        } catch (IOException e) {
            abort();
            throw new FileRefused("the server could not write the file (" + e.getMessage() + "); nothing was kept");
        }
        String type = FileTypes.of(head, (int) Math.min(written, head.length));
        StoredFile file = store.commit(this, new StoredFile(id, room, name, written,
                HexFormat.of().formatHex(sha.digest()), type, store.now()), temp);
        ended = true; // the store holds it now; a late abort must not give its bytes back
        return file;
    }

    /** Gives up: the temporary file is deleted and the room's quota released. Safe to call twice. */
    public void abort() {
        if (ended) {
            return;
        }
        ended = true;
        try {
            out.close();
        } catch (IOException e) {
            // deleted below anyway
        }
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            // the store sweeps its temporary directory at start
        }
        store.release(this);
    }

    String room() {
        return room;
    }

    long reserved() {
        return declared >= 0 ? declared : limit;
    }

    private FileRefused tooLarge() {
        return new FileRefused(declared >= 0 && declared <= limit
                ? "more bytes came than the " + declared + " announced; nothing was kept"
                : "the file is over the limit of " + store.maxFile() + " bytes; nothing was kept", true);
    }
}
