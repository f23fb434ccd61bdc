package io.switchboard.files;

import java.time.Instant;

/**
 * One file in the store, as its index keeps it.
 *
 * @param id     32 hex digits, random: the file's name on disk and in its address
 * @param room   the room it was shared with (its quota)
 * @param name   the sanitised name it is offered under
 * @param size   bytes
 * @param sha256 hex digest of the content
 * @param type   what it is served as ({@link FileTypes})
 * @param at     when it was stored (its expiry counts from here)
 */
public record StoredFile(String id, String room, String name, long size, String sha256, String type, Instant at) {
}
