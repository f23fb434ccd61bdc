package io.switchboard.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.RelaySettings;
import io.switchboard.testing.DataStream;
import io.switchboard.testing.RelayClient;
import io.switchboard.testing.Waits;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A slow side never makes the gateway queue: what it holds for a session stays at one piece each
 * way (asserted on the counters the relay exposes, not on timing), the fast side is paused instead,
 * and once the slow side catches up every byte arrives.
 */
@Timeout(120)
class RelayBackpressureTest extends WithUpstream {
    private static final long TOTAL = 50L * 1024 * 1024;
    private static final long PIECE = 16 * 1024;


    private static Thread background(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    @Test
    void aBrowserThatStopsReadingPausesUpstreamWithoutQueueing() throws Exception {
        start("fast", RelaySettings.NONE, 0);
        try (RelayClient browser = RelayClient.open(server.http(), "/relay/fast", Map.of(), false);
                Socket up = upstream.accept()) {
            browser.pause();
            AtomicLong written = new AtomicLong();
            CompletableFuture<byte[]> sent = new CompletableFuture<>();
            background("test-fast-upstream", () -> {
                try {
                    OutputStream out = new CountingStream(up.getOutputStream(), written);
                    sent.complete(DataStream.write(out, TOTAL, 99));
                    up.shutdownOutput();
                } catch (IOException | RuntimeException e) {
                    sent.completeExceptionally(e);
                }
            });

            // The browser holds its first message and reads nothing more. Upstream keeps writing
            // until the buffers between them are full; from then on the gateway holds one piece.
            Waits.until(browser::held, "the browser to stop reading");
            JsonNode stalled = Relays.statsWhen(server, "fast", s -> s.path("queuedBytes").asLong() > 0,
                    "the gateway to hold a piece it cannot hand over");
            assertHoldsAtMost("fast", TcpRelaySession.WINDOW); // the reads in flight to the browser
            assertTrue(stalled.path("bytesDown").asLong() < TOTAL, stalled.toString());
            // Upstream stops making progress (its writes block) long before it is done: a gateway that
            // queued instead would take all 50 MB at once and let it finish.
            awaitNoProgress(written, sent);
            assertTrue(!sent.isDone(), "upstream is paused: it could not write all " + TOTAL + " bytes, only "
                    + written.get());
            assertEquals(0, browser.messages(), "the browser has not even finished taking its first message");

            browser.resume();
            byte[] digest = sent.get(60, TimeUnit.SECONDS);
            assertEquals(1000, browser.awaitClose().code());
            assertEquals(TOTAL, browser.binaryBytes());
            assertArrayEquals(digest, browser.binaryDigest());
        }
        JsonNode stats = Relays.whenIdle(server, "fast");
        assertTrue(stats.path("peakQueuedDown").asLong() <= TcpRelaySession.WINDOW * PIECE,
                "never more than the reads in flight: " + stats);
        assertEquals(0, stats.path("queuedBytes").asLong());
    }

    @Test
    void anUpstreamThatStopsReadingPausesTheBrowserWithoutQueueing() throws Exception {
        start("slow", RelaySettings.NONE, 64 * 1024);
        try (RelayClient browser = RelayClient.open(server.http(), "/relay/slow", Map.of(), false);
                Socket up = upstream.accept()) {
            CompletableFuture<byte[]> sent = new CompletableFuture<>();
            background("test-fast-browser", () -> {
                try {
                    sent.complete(browser.sendStream(new DataStream(5), TOTAL));
                } catch (RuntimeException | AssertionError e) {
                    sent.completeExceptionally(e);
                }
            });

            // Upstream reads nothing: the gateway blocks writing one message, stops taking frames
            // from the browser, and the browser's own send queue fills up instead.
            Waits.until(() -> browser.queueSize() > 512 * 1024, "the browser's send queue to back up");
            JsonNode stalled = Relays.statsWhen(server, "slow", s -> s.path("queuedBytes").asLong() > 0,
                    "the gateway to hold the message upstream does not take");
            assertHoldsAtMost("slow", 1);
            assertTrue(stalled.path("bytesUp").asLong() < TOTAL, stalled.toString());

            DataStream.Summary summary;
            CompletableFuture<DataStream.Summary> received = CompletableFuture.supplyAsync(() -> {
                try {
                    return DataStream.readAll(up.getInputStream());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] digest = sent.get(60, TimeUnit.SECONDS);
            browser.closeNormally("done");
            summary = received.get(60, TimeUnit.SECONDS);
            assertEquals(TOTAL, summary.bytes());
            assertArrayEquals(digest, summary.sha256());
        }
        JsonNode stats = Relays.whenIdle(server, "slow");
        assertTrue(stats.path("peakQueuedUp").asLong() <= PIECE, "never more than one message: " + stats);
    }

    /** Looks at the gateway's counters a number of times while stalled: never more than one piece held. */
    private void assertHoldsAtMost(String name, int pieces) {
        for (int i = 0; i < 20; i++) {
            JsonNode now = Relays.stats(server, name);
            assertTrue(now.path("queuedBytes").asLong() <= pieces * PIECE, pieces + " pieces at most: " + now);
        }
    }

    /** Waits until {@code count} stays the same over 20 polls in a row, or {@code done} completes. */
    private static void awaitNoProgress(AtomicLong count, CompletableFuture<?> done) {
        long[] last = {-1};
        int[] same = {0};
        Waits.until(() -> {
            long now = count.get();
            same[0] = now == last[0] ? same[0] + 1 : 0;
            last[0] = now;
            return same[0] >= 20 || done.isDone();
        }, "upstream to stop making progress");
    }

    /** Counts what passes through, so the test can say how far upstream got. */
    private static final class CountingStream extends java.io.FilterOutputStream {
        private final AtomicLong count;

        CountingStream(OutputStream out, AtomicLong count) {
            super(out);
            this.count = count;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count.addAndGet(len);
        }
    }
}
