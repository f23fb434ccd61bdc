package io.switchboard.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.FileSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's limits: the largest file, the room's and the store's quotas, expiry, names, types. */
class FileStoreTest {
    @TempDir
    Path dir;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    private FileStore store(long maxFile, long roomQuota, long totalQuota, Duration keep) throws Exception {
        return FileStore.open(dir.resolve("files"), dir.resolve("index.db"),
                new FileSettings(null, maxFile, roomQuota, totalQuota, keep), clock);
    }

    private static StoredFile put(FileStore store, String room, int size) throws FileRefused {
        Upload upload = store.begin(room, "f.bin", size);
        upload.write(new byte[size], 0, size);
        return upload.finish();
    }

    @Test
    void quotasCountStoredFilesAndUploadsUnderWay() throws Exception {
        try (FileStore store = store(100, 250, 350, Duration.ZERO)) {
            put(store, "a", 100);
            Upload pending = store.begin("a", "g.bin", 100); // held against the quota while it runs
            FileRefused room = assertThrows(FileRefused.class, () -> store.begin("a", "h.bin", 100));
            assertTrue(room.getMessage().contains("#a holds 200 bytes") && room.tooLarge(), room.getMessage());
            pending.abort(); // and given back when it ends without a file, once
            pending.abort();
            assertEquals(100, store.used("a"));
            put(store, "a", 100);
            put(store, "b", 100);
            FileRefused total = assertThrows(FileRefused.class, () -> store.begin("c", "i.bin", 100));
            assertTrue(total.getMessage().contains("--file-quota"), total.getMessage());
            FileRefused large = assertThrows(FileRefused.class, () -> store.begin("c", "j.bin", 101));
            assertTrue(large.getMessage().contains("--max-file"), large.getMessage());
        }
    }

    @Test
    void anUnannouncedSizeIsCutAtTheLimitAndAShortOneIsRefused() throws Exception {
        try (FileStore store = store(10, 100, 100, Duration.ZERO)) {
            Upload open = store.begin("a", "x", -1);
            open.write(new byte[10], 0, 10);
            assertThrows(FileRefused.class, () -> open.write(new byte[1], 0, 1));
            Upload shortOne = store.begin("a", "y", 5);
            shortOne.write(new byte[3], 0, 3);
            FileRefused cut = assertThrows(FileRefused.class, shortOne::finish);
            assertTrue(cut.getMessage().contains("cut short: 3 of 5"), cut.getMessage());
            assertEquals(0, store.used("a"));
            try (var left = Files.list(dir.resolve("files/tmp"))) {
                assertEquals(0, left.count());
            }
        }
    }

    @Test
    void filesExpireAndSurviveAReopenUntilThen() throws Exception {
        StoredFile old;
        try (FileStore store = store(100, 1000, 1000, Duration.ofDays(2))) {
            old = put(store, "a", 10);
            now.set(now.get().plus(Duration.ofDays(1)));
            put(store, "a", 20);
        }
        try (FileStore store = store(100, 1000, 1000, Duration.ofDays(2))) {
            assertEquals(30, store.used("a")); // counted again from the index
            assertNotNull(store.find(old.id()));
            now.set(now.get().plus(Duration.ofDays(1)).plusSeconds(1));
            assertEquals(1, store.expire());
            assertNull(store.find(old.id()));
            assertTrue(Files.notExists(store.content(old.id())));
            assertEquals(20, store.used("a"));
        }
    }

    @Test
    void namesLoseTheirPathAndInvisibleCharacters() {
        assertEquals("passwd", FileNames.clean("../../etc/passwd"));
        assertEquals("evil.exe", FileNames.clean("C:\\Users\\x\\evil.exe"));
        assertEquals("txt.exe", FileNames.clean("txt\u202E.exe")); // no right-to-left override to disguise it
        assertEquals("a b", FileNames.clean("a\tb\u0007"));
        assertEquals("hidden", FileNames.clean("...hidden"));
        assertEquals("file", FileNames.clean(".."));
        assertEquals("<script>.html", FileNames.clean("<script>.html")); // harmless: escaped wherever it is shown
        assertEquals(FileNames.MAX_CHARS, FileNames.clean("x".repeat(500)).length());
    }

    @Test
    void onlyImagesRecognisedByTheirBytesGetAnImageType() {
        byte[] svg = "<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>".getBytes();
        assertEquals(FileTypes.BINARY, FileTypes.of(svg, svg.length));
        byte[] gif = "GIF89a......".getBytes();
        assertEquals("image/gif", FileTypes.of(gif, gif.length));
        byte[] webp = "RIFF\0\0\0\0WEBP".getBytes();
        assertEquals("image/webp", FileTypes.of(webp, webp.length));
        assertTrue(FileTypes.inline("image/png"));
        assertTrue(!FileTypes.inline("image/svg+xml"));
    }
}
