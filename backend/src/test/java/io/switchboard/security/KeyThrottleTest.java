package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Settings;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.UdpClient;
import java.time.Duration;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One throttle for the key, whichever way it is guessed; a valid session keeps working meanwhile. */
@Timeout(60)
class KeyThrottleTest {
    private static final String SECRET = "one throttle for every way in";
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().followRedirects(false).build();

    private static String challengeOf(String line) {
        return line.substring(line.indexOf("auth-challenge ") + "auth-challenge ".length()).strip();
    }

    @Test
    void wrongAnswersOverTcpHoldTheAddressEverywhereButASignedSessionGoesOn() throws Exception {
        try (RunningGateway server = new RunningGateway(Settings.forTests().secret(SECRET, Duration.ofSeconds(20))
                .build())) {
            String base = "http://127.0.0.1:" + server.http();
            String cookie;
            try (Response login = HTTP.newCall(new Request.Builder().url(base + "/login")
                    .post(new FormBody.Builder().add("key", SECRET).build()).build()).execute()) {
                String setCookie = login.header("Set-Cookie");
                cookie = setCookie.substring(0, setCookie.indexOf(';'));
            }
            for (int i = 0; i < KeyThrottle.FAILURES_ALLOWED; i++) {
                try (LineClient guesser = new LineClient(server.tcp())) {
                    guesser.awaitContaining("auth-challenge");
                    guesser.send("/auth " + "0".repeat(64));
                    guesser.awaitContaining("authentication failed");
                }
            }
            // Now even the right answer waits, over TCP, UDP and the login form alike...
            try (LineClient late = new LineClient(server.tcp())) {
                String hex = challengeOf(late.awaitContaining("auth-challenge"));
                late.send("/auth " + Challenge.answerFor(SECRET, hex));
                late.awaitContaining("too many wrong keys or answers from 127.0.0.1");
            }
            try (UdpClient dgram = new UdpClient(server.gateway.udpPort())) {
                String hex = challengeOf(dgram.send("hello").awaitContaining("auth-challenge"));
                dgram.send("/auth " + Challenge.answerFor(SECRET, hex));
                dgram.awaitContaining("too many wrong keys or answers");
            }
            try (Response form = HTTP.newCall(new Request.Builder().url(base + "/login")
                    .post(new FormBody.Builder().add("key", SECRET).build()).build()).execute()) {
                assertEquals(429, form.code());
            }
            try (Response bearer = HTTP.newCall(new Request.Builder().url(base + "/api/rooms")
                    .header("Authorization", "Bearer " + SECRET).build()).execute()) {
                assertEquals(429, bearer.code());
            }
            // ...while the session signed in before keeps working.
            try (Response api = HTTP.newCall(new Request.Builder().url(base + "/api/rooms").header("Cookie", cookie)
                    .build()).execute()) {
                assertEquals(200, api.code(), api.body().string());
            }
        }
    }

    @Test
    void wrongBearerKeysOnThePageCountToo() throws Exception {
        try (RunningGateway server = new RunningGateway(Settings.forTests().secret(SECRET, Duration.ofSeconds(20))
                .build())) {
            String base = "http://127.0.0.1:" + server.http();
            for (int i = 0; i < KeyThrottle.FAILURES_ALLOWED; i++) {
                try (Response page = HTTP.newCall(new Request.Builder().url(base + "/")
                        .header("Authorization", "Bearer guess " + i).build()).execute()) {
                    assertEquals(200, page.code()); // the login page
                    assertTrue(page.body().string().contains("key"));
                }
            }
            try (Response page = HTTP.newCall(new Request.Builder().url(base + "/")
                    .header("Authorization", "Bearer " + SECRET).build()).execute()) {
                assertEquals(429, page.code(), "the right key waits too, once guessing was seen");
            }
        }
    }
}
