package io.switchboard.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.RelaySettings;
import io.switchboard.testing.DataStream;
import io.switchboard.testing.RelayClient;
import io.switchboard.testing.Waits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bytes through the relay both ways: 50 MB arrives byte-exact (checked with SHA-256 while it
 * streams, never held), nothing sent just before a close is lost, and each side's close is a
 * half-close the other side sees as an end of stream.
 */
@Timeout(120)
class RelayTransferTest extends WithUpstream {
    private static final long FIFTY_MB = 50L * 1024 * 1024;

    private void start(RelaySettings relay) throws IOException {
        start("raw", relay, 0);
    }

    /** Reads in the background until end of stream: the count and digest of everything. */
    private static CompletableFuture<DataStream.Summary> readToEnd(Socket socket) {
        CompletableFuture<DataStream.Summary> done = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                done.complete(DataStream.readAll(socket.getInputStream()));
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "test-upstream-reader");
        reader.setDaemon(true);
        reader.start();
        return done;
    }

    @Test
    void fiftyMegabytesDownArriveExactThenUpstreamCloseBecomes1000() throws Exception {
        start(RelaySettings.NONE);
        try (RelayClient browser = RelayClient.open(server.http(), "/relay/raw", Map.of(), false);
                Socket up = upstream.accept()) {
            byte[] sent = DataStream.write(up.getOutputStream(), FIFTY_MB, 42);
            up.close(); // right after the last byte: nothing may be lost to the close

            RelayClient.Close close = browser.awaitClose();
            // OkHttp reports the close only after every message before it has been delivered.
            assertEquals(1000, close.code(), close.toString());
            assertEquals("upstream closed the connection", close.reason());
            assertEquals(FIFTY_MB, browser.binaryBytes());
            assertArrayEquals(sent, browser.binaryDigest());
        }
        JsonNode stats = Relays.whenIdle(server, "raw");
        assertEquals(FIFTY_MB, stats.path("bytesDown").asLong());
        assertTrue(stats.path("peakQueuedDown").asLong() <= TcpRelaySession.WINDOW * 16 * 1024, stats.toString());
    }

    @Test
    void fiftyMegabytesUpArriveExactThenBrowserCloseIsAHalfClose() throws Exception {
        start(RelaySettings.NONE);
        try (RelayClient browser = RelayClient.open(server.http(), "/relay/raw", Map.of(), false);
                Socket up = upstream.accept()) {
            CompletableFuture<DataStream.Summary> received = readToEnd(up);
            byte[] sent = browser.sendStream(new DataStream(7), FIFTY_MB);
            browser.closeNormally("done"); // queued behind the last data message

            // Upstream reads every byte and then a clean end of stream (a FIN, not a reset) ...
            DataStream.Summary summary = received.get(60, TimeUnit.SECONDS);
            assertEquals(FIFTY_MB, summary.bytes());
            assertArrayEquals(sent, summary.sha256());
            // ... while its own direction is still open: it can answer, and the gateway drains that.
            up.getOutputStream().write("a reply nobody reads\n".getBytes(StandardCharsets.UTF_8));
            up.shutdownOutput();
            assertEquals(1000, browser.awaitClose().code());
        }
        JsonNode stats = Relays.whenIdle(server, "raw");
        assertEquals(FIFTY_MB, stats.path("bytesUp").asLong());
        assertEquals(1, stats.path("closes").path("1000").asLong(), stats.toString());
        assertTrue(stats.path("peakQueuedUp").asLong() <= 16 * 1024, stats.toString());
    }

    @Test
    void theLastWordsBeforeABrowserCloseReachUpstream() throws Exception {
        start(RelaySettings.NONE);
        try (RelayClient browser = RelayClient.open(server.http(), "/relay/raw?mode=lines");
                Socket up = upstream.accept()) {
            CompletableFuture<DataStream.Summary> received = readToEnd(up);
            browser.send("first");
            browser.send("last words");
            browser.closeNormally("bye"); // at once, with both messages possibly still in flight
            DataStream.Summary summary = received.get(20, TimeUnit.SECONDS);
            assertArrayEquals(DataStream.sha256("first\nlast words\n".getBytes(StandardCharsets.UTF_8)),
                    summary.sha256(), "upstream got both lines, then end of stream");
        }
    }

    @Test
    void theBrowsersLastBytesSurviveAnUpstreamThatIsStillTalking() throws Exception {
        // A small upstream window, so most of what the browser sends is still in the gateway's send
        // buffer when the browser leaves; a long drain, so only the half-close is under test here.
        start("raw", RelaySettings.NONE.withDrain(Duration.ofSeconds(60)), 16 * 1024);
        try (RelayClient browser = RelayClient.open(server.http(), "/relay/raw");
                Socket up = upstream.accept()) {
            Thread chatter = new Thread(() -> {
                byte[] noise = new byte[4096];
                try {
                    while (true) {
                        up.getOutputStream().write(noise); // until the gateway ends the connection
                    }
                } catch (IOException ended) {
                    // expected
                }
            }, "test-upstream-chatter");
            chatter.setDaemon(true);
            chatter.start();
            byte[] sent = browser.sendStream(new DataStream(11), 256 * 1024); // fits the kernel buffers unread
            browser.closeNormally("bye");
            assertEquals(1000, browser.awaitClose().code());

            // Only now does upstream read. Had the gateway simply closed, the noise it had not read
            // would have made its close a reset, and a reset throws away what it had not sent yet.
            DataStream.Summary summary = DataStream.readAll(up.getInputStream());
            assertEquals(256 * 1024, summary.bytes());
            assertArrayEquals(sent, summary.sha256());
            up.close();
        }
        assertEquals(1, Relays.whenIdle(server, "raw").path("closes").path("1000").asLong());
    }

    @Test
    void upstreamHalfCloseDeliversEverythingCloses1000AndStillTakesTheBrowsersAnswer() throws Exception {
        start(RelaySettings.NONE);
        try (RelayClient browser = RelayClient.open(server.http(), "/relay/raw?mode=lines");
                Socket up = upstream.accept()) {
            browser.pause(); // the browser reads "bye" and, before it sees the close, answers
            OutputStream out = up.getOutputStream();
            out.write("line one\nline two\nbye".getBytes(StandardCharsets.UTF_8)); // no LF: a partial last line
            up.shutdownOutput();
            Waits.until(browser::held, "the browser to have the first line in hand");
            browser.send("answer after upstream's end");
            browser.resume();

            browser.awaitText("line one");
            browser.awaitText("line two");
            browser.awaitText("bye"); // the partial line is delivered, not dropped
            RelayClient.Close close = browser.awaitClose();
            assertEquals(1000, close.code());
            assertEquals("upstream closed the connection", close.reason());

            // Upstream only closed its sending side: it still gets what the browser sent, then an EOF.
            DataStream.Summary summary = DataStream.readAll(up.getInputStream());
            assertArrayEquals(DataStream.sha256("answer after upstream's end\n".getBytes(StandardCharsets.UTF_8)),
                    summary.sha256());
        }
        assertEquals(1, Relays.whenIdle(server, "raw").path("closes").path("1000").asLong());
    }

    @Test
    void anUpstreamResetAfterTheReadLoopRanHotCloses1014() throws Exception {
        start(RelaySettings.NONE);
        long eight = 8L * 1024 * 1024;
        try (RelayClient browser = RelayClient.open(server.http(), "/relay/raw", Map.of(), false);
                Socket up = upstream.accept()) {
            DataStream.write(up.getOutputStream(), eight, 3); // hundreds of reads: the loop is compiled by now
            up.setSoLinger(true, 0);
            up.close(); // a reset, not a FIN
            RelayClient.Close close = browser.awaitClose();
            assertEquals(1014, close.code(), close.toString());
            assertEquals("upstream " + upstream.target("raw").uri() + " reset the connection", close.reason());
            assertTrue(browser.binaryBytes() <= eight);
        }
        JsonNode stats = Relays.whenIdle(server, "raw");
        assertEquals(1, stats.path("closes").path("1014").asLong(), stats.toString());
        assertEquals(0, stats.path("queuedBytes").asLong());
    }

    @Test
    void anUpstreamThatKeepsTalkingAfterTheBrowserLeftIsCutOffAfterTheDrain() throws Exception {
        start(RelaySettings.NONE.withDrain(Duration.ofMillis(300)));
        try (RelayClient browser = RelayClient.open(server.http(), "/relay/raw");
                Socket up = upstream.accept()) {
            browser.send("hello\n".getBytes(StandardCharsets.UTF_8));
            InputStream in = up.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            browser.closeNormally("leaving");
            int b;
            while ((b = in.read()) >= 0) {
                got.write(b);
            }
            assertEquals("hello\n", got.toString(StandardCharsets.UTF_8), "everything, then end of stream");
            // Upstream keeps writing and never closes: the gateway drops what it sends and, after the
            // drain, closes the connection, which upstream notices as a failed write.
            OutputStream out = up.getOutputStream();
            byte[] chatter = new byte[1024];
            long[] written = {0};
            Waits.until(() -> {
                try {
                    out.write(chatter);
                    written[0] += chatter.length;
                    return false;
                } catch (IOException cutOff) {
                    return true;
                }
            }, "the gateway to close the upstream connection after the drain");
        }
        JsonNode stats = Relays.whenIdle(server, "raw");
        assertEquals(0, stats.path("bytesDown").asLong(), "nothing upstream sent after the close went anywhere");
        assertEquals(1, stats.path("closes").path("1000").asLong(), stats.toString());
    }
}
