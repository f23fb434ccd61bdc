package io.switchboard.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.FileSettings;
import io.switchboard.config.Settings;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.TelnetPeer;
import io.switchboard.testing.UdpClient;
import io.switchboard.testing.Waits;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** /file NAME SIZE over real TCP: the seeds' sticky packets and 40,960-byte cut-off, done right. */
@Timeout(60)
class TcpFileTest {
    @TempDir
    Path dir;

    private Settings settings(long maxFile) {
        return Settings.forTests().history("sqlite:" + dir.resolve("history.db"))
                .files(new FileSettings(null, maxFile, 1 << 20, 1 << 21, Duration.ofDays(1))).build();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aFileWrittenInSmallPiecesArrivesByteExactAndTheNextCommandInTheSameWriteIsALine() throws Exception {
        byte[] file = FileChecks.content(100_000, 1); // over 40,960
        try (RunningGateway server = new RunningGateway(settings(1 << 20));
                LineClient watcher = server.line("watcher");
                UdpClient datagrams = new UdpClient(server.gateway.udpPort());
                LineClient alice = server.line("alice")) {
            datagrams.send("/nick udpwatcher");
            watcher.awaitContaining("is now known as udpwatcher");
            alice.sendRaw(ascii("/file notes.bin " + file.length + "\n"));
            // The content in 997-byte writes; the last one also carries the next command.
            for (int at = 0; at < file.length; at += 997) {
                int end = Math.min(file.length, at + 997);
                ByteArrayOutputStream write = new ByteArrayOutputStream();
                write.write(file, at, end - at);
                if (end == file.length) {
                    write.writeBytes(ascii("right after the file\n"));
                }
                alice.sendRaw(write.toByteArray());
            }
            FileChecks.Line shared = FileChecks.parse(watcher.awaitContaining("alice shared notes.bin"));
            assertEquals("97.7 KiB", shared.size());
            assertEquals(FileChecks.sha256(file).substring(0, 8), shared.shaPrefix());
            assertTrue(shared.url().startsWith("http://127.0.0.1:" + server.http() + "/files/"), shared.url());
            watcher.awaitLine("<alice> right after the file");
            alice.awaitContaining("alice shared notes.bin"); // the sender sees it too
            assertEquals(shared, FileChecks.parse(datagrams.awaitContaining("alice shared notes.bin")));
            assertArrayEquals(file, FileChecks.download(shared.url()));
        }
    }

    @Test
    void theReadmesNcOneLinerSharesAFile() throws Exception {
        byte[] file = FileChecks.content(60_000, 5);
        Path notes = java.nio.file.Files.write(dir.resolve("notes.txt"), file);
        try (RunningGateway server = new RunningGateway(settings(1 << 20));
                LineClient watcher = server.line("watcher")) {
            // The README's line, with a chat line after the file in the same stream.
            Process nc = new ProcessBuilder("bash", "-c", "{ printf '/file notes.txt %d\\n' \"$(stat -c%s "
                    + notes + ")\"; cat " + notes + "; printf 'sent by nc\\n'; } | nc -N 127.0.0.1 " + server.tcp())
                    .redirectErrorStream(true).start();
            FileChecks.Line shared = FileChecks.parse(watcher.awaitContaining(" shared notes.txt"));
            assertArrayEquals(file, FileChecks.download(shared.url()));
            watcher.awaitLine("<" + shared.nick() + "> sent by nc");
            String out = new String(nc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, nc.waitFor(), out);
        }
    }

    @Test
    void aTelnetTerminalInCharacterModeIsToldToUseNcOrCurl() throws Exception {
        try (RunningGateway server = new RunningGateway(settings(1 << 20));
                TelnetPeer peer = new TelnetPeer(server.tcp())) {
            peer.await("welcome to Switchboard");
            peer.send("/nick tess\r\n");
            peer.await("is now known as tess");
            peer.mark().agree(80, 24);
            peer.await("[tess #lobby] ");
            peer.mark().send("/file notes.txt 3\r");
            peer.await("telnet cannot send a file's raw bytes; use nc or curl -T");
            peer.mark().send("abc\r"); // not taken for a file's bytes: a line like any other
            peer.await("<tess> abc");
        }
    }

    @Test
    void anOversizedFileIsRefusedCountedOffAndLeavesNothing() throws Exception {
        byte[] file = FileChecks.content(5_000, 2);
        try (RunningGateway server = new RunningGateway(settings(4_096));
                LineClient watcher = server.line("watcher");
                LineClient bob = server.line("bob")) {
            watcher.awaitContaining("bob");
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(ascii("/file big.bin " + file.length + "\n"));
            all.writeBytes(file);
            all.writeBytes(ascii("still in step\n"));
            bob.sendRaw(all.toByteArray());
            String error = bob.awaitContaining("-!- error: cannot share big.bin");
            assertTrue(error.contains("over the limit of 4096 bytes"), error);
            watcher.awaitLine("<bob> still in step"); // not a line of the file's bytes before it
            assertTrue(watcher.seen().stream().noneMatch(l -> l.contains("shared")), "no file event");
            assertEquals(0, FileChecks.leftovers(dir.resolve("files")).size());
        }
    }

    @Test
    void aConnectionThatEndsMidFileLeavesNoFileAndNoEvent() throws Exception {
        try (RunningGateway server = new RunningGateway(settings(1 << 20));
                LineClient watcher = server.line("watcher")) {
            LineClient carol = server.line("carol");
            watcher.awaitContaining("carol");
            carol.sendRaw(ascii("/file half.bin 10000\n"));
            carol.sendRaw(FileChecks.content(4_000, 3));
            // The partial upload is on disk while it lasts...
            Waits.until(() -> leftovers() == 1, "the partial upload on disk");
            carol.close();
            watcher.awaitContaining("carol left");
            // ...and gone once the connection is.
            Waits.until(() -> leftovers() == 0, "the partial upload deleted");
            assertTrue(server.gateway.hub().history().recent("lobby", 100, Long.MAX_VALUE).stream()
                    .noneMatch(e -> e instanceof io.switchboard.core.Event.Shared), "no file event in history");
            assertTrue(watcher.seen().stream().noneMatch(l -> l.contains("shared")), "no file event");
        }
    }

    @Test
    void aTruncatedFileWhoseSenderStopsSendingIsToldSo() throws Exception {
        try (RunningGateway server = new RunningGateway(settings(1 << 20));
                LineClient dave = server.line("dave")) {
            dave.sendRaw(ascii("/file short.bin 100\n"));
            dave.sendRaw(FileChecks.content(30, 4));
            dave.socket().shutdownOutput(); // FIN: nc at the end of its input
            String error = dave.awaitContaining("-!- error:");
            assertTrue(error.contains("cut short: 30 bytes arrived"), error);
            Waits.until(() -> leftovers() == 0, "nothing left");
        }
    }

    private int leftovers() {
        try {
            return FileChecks.leftovers(dir.resolve("files")).size();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
