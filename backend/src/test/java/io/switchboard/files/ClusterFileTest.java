package io.switchboard.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.FileSettings;
import io.switchboard.config.Settings;
import io.switchboard.testing.ClusterNodes;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RedisServer;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Files in a cluster: with a shared --files-dir every node serves every file; without one, uploads are refused. */
@Timeout(90)
class ClusterFileTest {
    @TempDir
    Path dir;
    private ClusterNodes nodes;
    private RedisServer redis;

    @BeforeEach
    void redis() throws Exception {
        nodes = ClusterNodes.start();
        redis = nodes.redis();
    }

    @AfterEach
    void close() throws Exception {
        nodes.close();
    }

    private RunningGateway node(String name, Path filesDir) {
        return nodes.node(name, redis.port(), 1000, Settings.forTests()
                .files(new FileSettings(filesDir, 1 << 20, 1 << 22, 1 << 23, Duration.ofDays(1))));
    }

    private <T extends AutoCloseable> T keep(T closeable) {
        return nodes.keep(closeable);
    }

    @Test
    void aFileSharedOnOneNodeIsAnnouncedAndServedOnTheOtherAndKeptInTheStream() throws Exception {
        Path shared = dir.resolve("shared-files");
        RunningGateway a = node("a", shared);
        RunningGateway b = node("b", shared);
        LineClient alice = keep(a.line("alice"));
        WsClient bob = keep(b.json("bob"));
        alice.awaitContaining("bob joined");

        byte[] file = FileChecks.content(70_000, 31);
        alice.sendRaw(("/file across.bin " + file.length + "\n").getBytes(StandardCharsets.UTF_8));
        alice.sendRaw(file);
        JsonNode event = bob.awaitType("file", e -> e.path("nick").asText().equals("alice"));
        assertEquals(FileChecks.sha256(file), event.path("file").path("sha256").asText());
        // Node b serves what node a stored.
        String path = URI.create(event.path("file").path("url").asText()).getPath();
        assertArrayEquals(file, FileChecks.download("http://127.0.0.1:" + b.http() + path));

        // A newcomer on b gets it from the room's stream in Redis, the cluster's history.
        LineClient carol = keep(b.line());
        FileChecks.Line replayed = FileChecks.parse(carol.awaitContaining("alice shared across.bin"));
        assertEquals(FileChecks.sha256(file).substring(0, 8), replayed.shaPrefix());
    }

    @Test
    void withoutASharedDirectoryUploadsAreRefusedWithWhy() throws Exception {
        RunningGateway a = node("a", null);
        LineClient alice = keep(a.line("alice"));
        alice.sendRaw("/file nope.txt 5\nhello/me still here\n".getBytes(StandardCharsets.UTF_8));
        String error = alice.awaitContaining("-!- error: cannot share nope.txt");
        assertTrue(error.contains("--files-dir"), error);
        alice.awaitLine("* alice still here");
    }
}
