package io.switchboard.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Shared files: where they are kept and how much of them.
 *
 * @param dir        a directory every node shares ({@code --files-dir}), or null: {@code files/} beside the
 *                   history database (a temporary directory with {@code --history memory})
 * @param maxFile    the largest file, in bytes
 * @param roomQuota  bytes of files one room may hold at once
 * @param totalQuota bytes of files the store may hold at once
 * @param keep       how long a file is kept; zero keeps files until a quota needs the room
 */
public record FileSettings(Path dir, long maxFile, long roomQuota, long totalQuota, Duration keep) {
    /** 10 MiB files, 200 MiB a room, 1 GiB in all, kept 30 days. */
    public static final FileSettings DEFAULTS = new FileSettings(null, 10L << 20, 200L << 20, 1L << 30,
            Duration.ofDays(30));

    public FileSettings {
        Settings.atLeast("--max-file", maxFile, 1);
        Settings.atLeast("--file-room-quota", roomQuota, 0);
        Settings.atLeast("--file-quota", totalQuota, 0);
        Settings.atLeast("--file-keep-days", keep.toMillis(), 0);
    }
}
