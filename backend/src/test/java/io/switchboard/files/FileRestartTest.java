package io.switchboard.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.FileSettings;
import io.switchboard.config.Settings;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Files and their events survive a restart on the same data directory. */
@Timeout(60)
class FileRestartTest {
    @TempDir
    Path dir;

    private Settings settings() {
        return Settings.forTests().history("sqlite:" + dir.resolve("history.db"))
                .files(new FileSettings(null, 1 << 20, 1 << 22, 1 << 23, Duration.ofDays(1))).build();
    }

    @Test
    void aSharedFileAndItsEventAreThereAfterARestart() throws Exception {
        byte[] file = FileChecks.content(12_345, 11);
        String path;
        try (RunningGateway first = new RunningGateway(settings());
                LineClient alice = first.line("alice")) {
            alice.sendRaw(("/file kept.bin " + file.length + "\n").getBytes(StandardCharsets.UTF_8));
            alice.sendRaw(file);
            path = URI.create(FileChecks.parse(alice.awaitContaining("alice shared kept.bin")).url()).getPath();
        }
        try (RunningGateway second = new RunningGateway(settings());
                LineClient bob = second.line()) {
            bob.awaitLine("-!- last 1 messages in #lobby:");
            FileChecks.Line replayed = FileChecks.parse(bob.awaitContaining("alice shared kept.bin"));
            assertEquals(FileChecks.sha256(file).substring(0, 8), replayed.shaPrefix());
            assertEquals(path, URI.create(replayed.url()).getPath());
            // The link names the address at the time it was shared; the file is at the same path here.
            assertArrayEquals(file, FileChecks.download("http://127.0.0.1:" + second.http() + path));
            WsClient program = second.json("prog");
            JsonNode history = program.awaitType("history", h -> true);
            assertEquals("file", history.path("events").path(0).path("type").asText());
            assertEquals("kept.bin", history.path("events").path(0).path("file").path("name").asText());
        }
    }
}
