package io.switchboard.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.RelaySettings;
import io.switchboard.config.Settings;
import io.switchboard.config.SettingsBuilder;
import io.switchboard.security.Challenge;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RelayClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.Scrape;
import io.switchboard.testing.UdpClient;
import io.switchboard.testing.UpperServer;
import io.switchboard.testing.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** /metrics scraped and parsed as Prometheus would: every series the issue asks for appears, and moves. */
@Timeout(60)
class MetricsTest {
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().followRedirects(false).build();
    private RunningGateway server;
    private String bearer;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private RunningGateway start(SettingsBuilder settings) {
        server = new RunningGateway(settings.build());
        return server;
    }

    private int status(Request.Builder request) {
        try (Response r = HTTP.newCall(request.build()).execute()) {
            return r.code();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Request.Builder request(String path) {
        return new Request.Builder().url("http://127.0.0.1:" + server.http() + path);
    }

    private Scrape scrape() {
        Request.Builder request = request("/metrics");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try (Response r = HTTP.newCall(request.build()).execute()) {
            assertEquals(200, r.code());
            return Scrape.parse(r.body().string());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Scrapes until {@code wanted} holds. */
    private Scrape scrapeUntil(Predicate<Scrape> wanted, String what) {
        Scrape[] last = new Scrape[1];
        try {
            Waits.until(() -> wanted.test(last[0] = scrape()), what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last scrape:\n" + last[0], e);
        }
        return last[0];
    }

    @Test
    void jvmBindersBuildInfoAndPrometheusNaming() {
        start(Settings.forTests());
        Scrape s = scrape();
        for (String series : List.of("jvm_gc_memory_allocated_bytes_total", "jvm_gc_max_data_size_bytes",
                "process_files_open_files", "process_files_max_files", "jvm_classes_loaded_classes",
                "jvm_memory_used_bytes", "jvm_threads_live_threads", "process_uptime_seconds", "system_cpu_count")) {
            assertTrue(s.has(series), series + " in\n" + s);
        }
        assertTrue(s.has("jvm_info", "version", System.getProperty("java.runtime.version")), s.toString());
        assertEquals(1.0, s.value("switchboard_build_info", "version", Build.version(), "commit", Build.commit()));
        assertTrue(Build.version().matches("\\d+\\.\\d+\\.\\d+.*"), Build.version());
        assertEquals(1.0, s.value("switchboard_ready"));
        assertEquals("histogram", s.type("switchboard_delivery_latency_seconds"));
        for (Scrape.Sample sample : s.samples()) {
            String name = sample.name();
            if (name.startsWith("switchboard_")) {
                assertTrue(name.matches("[a-z_]+"), "snake case: " + name);
                String type = s.type(name) != null ? s.type(name) : s.type(name.replaceFirst("_(bucket|count|sum)$", ""));
                assertTrue(type != null, "every series has a TYPE: " + name);
                assertEquals(type.equals("counter"), name.endsWith("_total"), "_total is for counters only: " + name);
            }
        }
        // One relay bytes series with a direction label replaces the old pair.
        assertFalse(s.toString().contains("switchboard_relay_sent_bytes_total"));
    }

    @Test
    void deliveriesFillTheLatencyHistogram() throws Exception {
        start(Settings.forTests());
        try (LineClient a = server.line(); LineClient b = server.line()) {
            double before = scrape().value("switchboard_delivery_latency_seconds_count");
            for (int i = 0; i < 5; i++) {
                a.send("message " + i);
            }
            b.awaitContaining("> message 4");
            Scrape s = scrapeUntil(x -> x.value("switchboard_delivery_latency_seconds_count") > before,
                    "delivery waits to be recorded");
            double count = s.value("switchboard_delivery_latency_seconds_count");
            assertEquals(count, s.value("switchboard_delivery_latency_seconds_bucket", "le", "+Inf"));
            double previous = 0;
            for (Scrape.Sample bucket : s.samples()) {
                if (bucket.name().equals("switchboard_delivery_latency_seconds_bucket")) {
                    assertTrue(bucket.value() >= previous, "buckets are cumulative: " + s);
                    previous = bucket.value();
                }
            }
            assertTrue(s.value("switchboard_delivery_latency_seconds_sum") > 0, s.toString());
            assertTrue(s.has("switchboard_delivery_latency_seconds_bucket", "le", "0.001"), s.toString());
        }
    }

    @Test
    void capsRateLimitsAndUdpDropsAreCountedByReason() throws Exception {
        start(Settings.forTests().connections(100, 1).messageRate(1).udp(Duration.ofMinutes(1), 100, 1));
        try (LineClient first = server.line(); LineClient second = new LineClient(server.tcp())) {
            second.awaitContaining("too many connections");
            assertEquals(1.0, scrape().value("switchboard_connections_refused_total", "reason", "max_per_address"));
            assertEquals(0.0, scrape().value("switchboard_connections_refused_total", "reason", "max_connections"));
            for (int i = 0; i < 5; i++) {
                first.send("fast " + i);
            }
            first.awaitContaining("slow down");
            assertTrue(scrape().value("switchboard_throttled_total", "reason", "message_rate") >= 1);
        }
        try (UdpClient dgram = new UdpClient(server.gateway.udpPort())) {
            for (int i = 0; i < 10; i++) {
                dgram.send("/ping");
            }
            dgram.awaitContaining("slow down");
            scrapeUntil(s -> s.value("switchboard_udp_dropped_total", "reason", "rate") >= 1, "a dropped datagram");
        }
    }

    @Test
    void failedAuthenticationsAreCountedByWayAndReasonAndMetricsNeedTheKey() throws Exception {
        String secret = "metrics secret";
        start(Settings.forTests().secret(secret, Duration.ofMillis(300)));
        assertEquals(401, status(request("/metrics")));
        bearer = secret;
        try (LineClient wrong = new LineClient(server.tcp())) {
            wrong.awaitContaining("auth-challenge");
            wrong.send("/auth 00");
            wrong.awaitContaining("authentication failed");
        }
        try (LineClient silent = new LineClient(server.tcp())) {
            silent.awaitContaining("auth-challenge");
            silent.awaitContaining("timed out");
        }
        try (LineClient right = new LineClient(server.tcp())) {
            String challenge = right.awaitContaining("auth-challenge").substring("-!- auth-challenge ".length());
            right.send("/auth " + Challenge.answerFor(secret, challenge));
            right.awaitLine("-!- authenticated");
        }
        assertEquals(401, status(request("/login").post(new FormBody.Builder().add("key", "guess").build())));
        assertEquals(401, status(request("/api/rooms").header("Authorization", "Bearer guess")));
        Scrape s = scrape();
        assertEquals(1.0, s.value("switchboard_auth_failures_total", "way", "hmac", "reason", "wrong"));
        assertEquals(1.0, s.value("switchboard_auth_failures_total", "way", "hmac", "reason", "timeout"));
        assertEquals(0.0, s.value("switchboard_auth_failures_total", "way", "hmac", "reason", "late"));
        assertEquals(1.0, s.value("switchboard_auth_failures_total", "way", "login", "reason", "wrong"));
        assertEquals(1.0, s.value("switchboard_auth_failures_total", "way", "bearer", "reason", "wrong"));
        assertEquals(0.0, s.value("switchboard_throttled_total", "reason", "login"));
    }

    @Test
    void relayBytesByDirectionRefusalsAndClosesByCode() throws Exception {
        try (UpperServer upper = new UpperServer()) {
            start(Settings.forTests().relay(RelaySettings.NONE.withTargets(List.of(upper.target("upper")))
                    .withLimits(10, 1, Duration.ofMinutes(1))));
            try (RelayClient client = RelayClient.open(server.http(), "/relay/upper?mode=lines")) {
                client.send("hello");
                client.awaitText("HELLO");
                try (RelayClient second = RelayClient.open(server.http(), "/relay/upper?mode=lines")) {
                    assertEquals(1013, second.awaitClose().code()); // over --relay-max-per-target
                }
                client.closeNormally("done");
                client.awaitClose();
            }
            Scrape s = scrapeUntil(x -> x.has("switchboard_relay_closes_total", "target", "upper", "code", "1000"),
                    "the relay session's close to be counted");
            assertEquals(1.0, s.value("switchboard_relay_closes_total", "target", "upper", "code", "1000"));
            assertEquals(6.0, s.value("switchboard_relay_bytes_total", "target", "upper", "direction", "upstream"));
            assertEquals(6.0, s.value("switchboard_relay_bytes_total", "target", "upper", "direction", "downstream"));
            assertEquals(1.0, s.value("switchboard_relay_refused_total", "target", "upper"));
            assertEquals("counter", s.type("switchboard_relay_bytes_total"));
        }
    }
}
