package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Settings;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.UdpClient;
import io.switchboard.testing.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** --secret protects every way in; nothing reaches anyone before admission. */
@Timeout(60)
class SecurityTest {
    private static final String SECRET = "correct horse battery staple";
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().followRedirects(false).build();
    private RunningGateway server;

    private RunningGateway start(Duration authTimeout) {
        server = new RunningGateway(Settings.forTests().secret(SECRET, authTimeout)
                .allowOrigins(List.of("https://friend.example"))
                .relay(io.switchboard.config.RelaySettings.parse(List.of("nowhere=tcp://127.0.0.1:9"), 10, 10,
                        Duration.ofMinutes(1)))
                .build());
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String challengeOf(String line) {
        assertTrue(line.startsWith("-!- auth-challenge "), line);
        String hex = line.substring("-!- auth-challenge ".length()).strip();
        assertEquals(64, hex.length(), "32 random bytes, hex-encoded");
        return hex;
    }

    /** A TCP member that has answered its challenge. */
    private LineClient authenticated(String nick) throws Exception {
        LineClient c = new LineClient(server.tcp());
        String hex = challengeOf(c.awaitContaining("auth-challenge"));
        c.send("/auth " + Challenge.answerFor(SECRET, hex));
        c.awaitLine("-!- authenticated");
        c.awaitContaining("welcome to Switchboard");
        c.send("/nick " + nick);
        c.awaitContaining("is now known as " + nick);
        return c;
    }

    @Test
    void tcpRightAnswerAdmitsAndNothingArrivesBefore() throws Exception {
        start(Duration.ofSeconds(10));
        try (LineClient member = authenticated("member"); LineClient waiting = new LineClient(server.tcp())) {
            String hex = challengeOf(waiting.awaitContaining("auth-challenge"));
            member.send("said while the other waits");
            member.awaitContaining("> said while the other waits");
            waiting.send("hello?");
            waiting.awaitContaining("-!- error: authenticate first");
            waiting.send("/auth " + Challenge.answerFor(SECRET, hex));
            waiting.awaitLine("-!- authenticated");
            member.awaitContaining("joined #lobby (tcp");
            assertFalse(waiting.seen().stream().anyMatch(l -> l.contains("said while the other waits")
                    && !l.startsWith("[")), "live traffic before admission: " + waiting.seen());
            assertFalse(member.seen().stream().anyMatch(l -> l.contains("hello?")));
        }
    }

    @Test
    void tcpWrongLateAndReplayedAnswersAreRejected() throws Exception {
        start(Duration.ofMillis(500));
        try (LineClient wrong = new LineClient(server.tcp())) {
            challengeOf(wrong.awaitContaining("auth-challenge"));
            wrong.send("/auth " + "00".repeat(32));
            wrong.awaitLine("-!- error: authentication failed: that is not the answer to the challenge");
            wrong.ended().get(10, TimeUnit.SECONDS);
        }
        try (LineClient late = new LineClient(server.tcp())) {
            challengeOf(late.awaitContaining("auth-challenge"));
            late.awaitLine("-!- error: authentication timed out after 500ms");
            late.ended().get(10, TimeUnit.SECONDS);
        }
        String used;
        try (LineClient first = new LineClient(server.tcp())) {
            used = Challenge.answerFor(SECRET, challengeOf(first.awaitContaining("auth-challenge")));
            first.send("/auth " + used);
            first.awaitLine("-!- authenticated");
        }
        try (LineClient replay = new LineClient(server.tcp())) {
            challengeOf(replay.awaitContaining("auth-challenge"));
            replay.send("/auth " + used); // the answer to someone else's nonce
            replay.awaitContaining("authentication failed");
            replay.ended().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void udpNeedsTheSameHandshake() throws Exception {
        start(Duration.ofSeconds(10));
        try (LineClient member = authenticated("member"); UdpClient dgram = new UdpClient(server.gateway.udpPort());
                UdpClient wrong = new UdpClient(server.gateway.udpPort())) {
            dgram.send("hello before auth");
            String hex = challengeOf(dgram.awaitContaining("auth-challenge").strip());
            dgram.send("still not authenticated");
            dgram.awaitContaining("-!- error: authenticate first");
            member.send("not for strangers");
            member.awaitContaining("> not for strangers");
            dgram.send("/auth " + Challenge.answerFor(SECRET, hex));
            dgram.awaitContaining("-!- authenticated");
            dgram.awaitContaining("welcome to Switchboard");
            dgram.send("now I am in");
            member.awaitContaining("> now I am in");
            assertFalse(member.seen().stream().anyMatch(l -> l.contains("before auth") || l.contains("still not")));
            assertFalse(dgram.seen().stream().anyMatch(d -> d.contains("not for strangers") && !d.startsWith("[")));

            String otherHex = challengeOf(wrong.send("hi").awaitContaining("auth-challenge").strip());
            wrong.send("/auth " + Challenge.answerFor("another secret", otherHex));
            wrong.awaitContaining("authentication failed");
            wrong.send("again");
            wrong.awaitContaining("auth-challenge"); // a fresh challenge: the old one is spent
        }
    }

    @Test
    void browsersNeedTheKeyAndForeignOriginsAreRefused() throws Exception {
        start(Duration.ofSeconds(10));
        String base = "http://127.0.0.1:" + server.http();
        assertEquals(401, WsClient.refusedStatus(server.http(), "/ws?format=json", Map.of()));
        assertEquals(401, WsClient.refusedStatus(server.http(), "/relay/nowhere", Map.of()), "the relay too");
        assertEquals(401, WsClient.refusedStatus(server.http(), "/relay/unknown", Map.of()),
                "no probing relay names without the key");
        try (Response page = HTTP.newCall(new Request.Builder().url(base + "/").build()).execute()) {
            assertTrue(page.body().string().contains("name=\"key\""), "the page asks for the key");
        }
        try (Response api = HTTP.newCall(new Request.Builder().url(base + "/api/rooms").build()).execute()) {
            assertEquals(401, api.code());
            assertTrue(WsClient.parse(api.body().string()).path("error").asText().contains("access key"));
        }
        try (Response wrongKey = HTTP.newCall(new Request.Builder().url(base + "/login")
                .post(new FormBody.Builder().add("key", "guess").build()).build()).execute()) {
            assertEquals(401, wrongKey.code());
            assertTrue(wrongKey.body().string().contains("That is not the access key."));
            assertEquals(null, wrongKey.header("Set-Cookie"));
        }
        String cookie;
        try (Response login = HTTP.newCall(new Request.Builder().url(base + "/login")
                .post(new FormBody.Builder().add("key", SECRET).build()).build()).execute()) {
            assertEquals(303, login.code());
            String setCookie = login.header("Set-Cookie");
            assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), setCookie);
            assertFalse(setCookie.contains(SECRET));
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
        }
        WsClient web = new WsClient(server.http(), "/ws?format=json&nick=webby", Map.of("Cookie", cookie))
                .awaitAdmitted();
        web.say("signed in");
        web.awaitType("message", e -> e.path("text").asText().equals("signed in"));
        try (Response api = HTTP.newCall(new Request.Builder().url(base + "/api/rooms").header("Cookie", cookie)
                .build()).execute()) {
            assertEquals(200, api.code());
        }
        try (Response api = HTTP.newCall(new Request.Builder().url(base + "/api/rooms")
                .header("Authorization", "Bearer " + SECRET).build()).execute()) {
            assertEquals(200, api.code(), "scripts may use the key as a bearer token");
        }
        assertEquals(401, WsClient.refusedStatus(server.http(), "/ws",
                Map.of("Cookie", cookie.substring(0, cookie.length() - 2) + "00")), "a forged cookie");
        assertEquals(403, WsClient.refusedStatus(server.http(), "/ws",
                Map.of("Cookie", cookie, "Origin", "https://evil.example")));
        assertEquals(403, WsClient.refusedStatus(server.http(), "/relay/nowhere",
                Map.of("Cookie", cookie, "Origin", "https://evil.example")));
        assertEquals(404, WsClient.refusedStatus(server.http(), "/relay/unknown", Map.of("Cookie", cookie)));
        assertEquals(101, WsClient.refusedStatus(server.http(), "/ws",
                Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + server.http())), "same origin");
        assertEquals(101, WsClient.refusedStatus(server.http(), "/ws",
                Map.of("Cookie", cookie, "Origin", "https://friend.example")), "--allow-origin");
        web.close();
    }

    @Test
    void guessingTheKeyIsThrottled() throws Exception {
        start(Duration.ofSeconds(10));
        String base = "http://127.0.0.1:" + server.http();
        for (int i = 0; i < 5; i++) {
            try (Response wrong = HTTP.newCall(new Request.Builder().url(base + "/login")
                    .post(new FormBody.Builder().add("key", "guess " + i).build()).build()).execute()) {
                assertEquals(401, wrong.code());
            }
        }
        try (Response throttled = HTTP.newCall(new Request.Builder().url(base + "/login")
                .post(new FormBody.Builder().add("key", SECRET).build()).build()).execute()) {
            assertEquals(429, throttled.code(), "even the right key waits out the window");
            assertTrue(throttled.body().string().contains("Too many wrong keys"));
        }
    }

    @Test
    void aSignedInBrowserKeepsWorkingWhileItsAddressIsThrottledButKeysWait() throws Exception {
        start(Duration.ofSeconds(10));
        String base = "http://127.0.0.1:" + server.http();
        String cookie;
        try (Response login = HTTP.newCall(new Request.Builder().url(base + "/login")
                .post(new FormBody.Builder().add("key", SECRET).build()).build()).execute()) {
            String setCookie = login.header("Set-Cookie");
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
        }
        for (int i = 0; i < 5; i++) {
            try (Response wrong = HTTP.newCall(new Request.Builder().url(base + "/api/rooms")
                    .header("Authorization", "Bearer guess " + i).build()).execute()) {
                assertEquals(401, wrong.code());
            }
        }
        try (Response signedIn = HTTP.newCall(new Request.Builder().url(base + "/api/rooms")
                .header("Cookie", cookie).build()).execute()) {
            assertEquals(200, signedIn.code(), "the session cookie still works");
        }
        try (Response key = HTTP.newCall(new Request.Builder().url(base + "/metrics")
                .header("Authorization", "Bearer " + SECRET).build()).execute()) {
            assertEquals(429, key.code(), "a key, even the right one, waits out the window");
        }
        try (Response metrics = HTTP.newCall(new Request.Builder().url(base + "/metrics")
                .header("Cookie", cookie).build()).execute()) {
            String scrape = metrics.body().string();
            assertEquals(200, metrics.code());
            assertTrue(scrape.contains("switchboard_auth_failures_total{reason=\"wrong\",way=\"bearer\"} 5.0"), scrape);
            assertTrue(scrape.contains("switchboard_throttled_total{reason=\"login\"} 1.0"), scrape);
        }
    }

    @Test
    void theClientCommandLogicAnswersTheChallenge() throws Exception {
        start(Duration.ofSeconds(10));
        try (LineClient member = authenticated("member")) {
            java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
            java.io.PipedInputStream stdin = new java.io.PipedInputStream(typing);
            java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
            java.io.PrintStream stdout = new java.io.PrintStream(printed, true, "UTF-8");
            Thread client = new Thread(() -> new io.switchboard.client.NativeClient("127.0.0.1", server.tcp(), SECRET)
                    .run(stdin, stdout, System.err));
            client.start();
            member.awaitContaining("joined #lobby (tcp");
            typing.write("hello from the client command\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            typing.flush();
            member.awaitContaining("> hello from the client command");
            member.send("and back");
            io.switchboard.testing.Waits.until(() -> printed.toString().contains("<member> and back"),
                    "the client prints what the room says");
            assertTrue(printed.toString().contains("-!- authenticated"));
            typing.close();
            client.join(10_000);
            assertFalse(client.isAlive(), "the client ends when its input ends");
        }
    }
}
