package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.config.Settings;
import io.switchboard.config.SettingsBuilder;
import io.switchboard.config.TrustedProxies;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * --trusted-proxy on the web side: from a trusted peer, X-Forwarded-For decides whose caps,
 * throttle, budget and roster entry a request is, and X-Forwarded-Proto the cookie's Secure flag;
 * from anyone else those headers change nothing. The test client on 127.0.0.1 plays the proxy.
 */
@Timeout(60)
class TrustedProxyTest {
    private static final String SECRET = "correct horse battery staple";
    private static final String ALICE = "203.0.113.7";
    private static final String BOB = "203.0.113.8";
    private static final OkHttpClient HTTP = new OkHttpClient.Builder().followRedirects(false).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private RunningGateway server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private RunningGateway start(boolean trusted, SettingsBuilder settings) {
        if (trusted) {
            settings.trustedProxies(TrustedProxies.parse(List.of("127.0.0.1/32")));
        }
        server = new RunningGateway(settings.build());
        return server;
    }

    private Response call(Request.Builder request) throws IOException {
        return HTTP.newCall(request.build()).execute();
    }

    private Request.Builder api(String path, String forwardedFor, String key) {
        Request.Builder request = new Request.Builder().url("http://127.0.0.1:" + server.http() + path)
                .header("X-Forwarded-For", forwardedFor);
        return key == null ? request : request.header("Authorization", "Bearer " + key);
    }

    /** Five wrong keys from one forwarded client: a sixth try from it waits, whatever the key is. */
    private void lockOut(String forwardedFor) throws IOException {
        for (int i = 0; i < 5; i++) {
            try (Response wrong = call(api("/api/rooms", forwardedFor, "guess " + i))) {
                assertEquals(401, wrong.code());
            }
        }
        try (Response held = call(api("/api/rooms", forwardedFor, "guess 5"))) {
            assertEquals(429, held.code());
        }
    }

    @Test
    void keyFailuresFromAForwardedClientHoldThatClientOnly() throws Exception {
        start(true, Settings.forTests().secret(SECRET, Duration.ofSeconds(10)));
        String cookie;
        try (Response login = call(new Request.Builder().url("http://127.0.0.1:" + server.http() + "/login")
                .header("X-Forwarded-For", ALICE).post(new FormBody.Builder().add("key", SECRET).build()))) {
            assertEquals(303, login.code());
            cookie = login.header("Set-Cookie").split(";")[0];
        }
        lockOut(ALICE);
        try (Response other = call(api("/api/rooms", BOB, SECRET))) {
            assertEquals(200, other.code(), "another client behind the same proxy is not held");
        }
        // A client-made header left of the proxy's own entry changes nothing: the right-most one counts.
        try (Response spoofed = call(api("/api/rooms", BOB + ", " + ALICE, SECRET))) {
            assertEquals(429, spoofed.code());
        }
        try (Response signedIn = call(api("/api/rooms", ALICE, null).header("Cookie", cookie))) {
            assertEquals(200, signedIn.code(), "a signed session keeps working while its address is held");
        }
    }

    @Test
    void fromAnUntrustedPeerTheHeaderIsIgnored() throws Exception {
        start(false, Settings.forTests().secret(SECRET, Duration.ofSeconds(10)));
        lockOut(ALICE);
        try (Response other = call(api("/api/rooms", BOB, SECRET))) {
            assertEquals(429, other.code(), "both are 127.0.0.1, whatever the header says");
        }
        server.close();
        start(false, Settings.forTests());
        try (WsClient ws = new WsClient(server.http(), "/ws?format=json&nick=walt", Map.of("X-Forwarded-For", ALICE))
                .awaitAdmitted()) {
            JsonNode members = members();
            assertTrue(members.get(0).path("address").asText().startsWith("127.0.0.1:"), members.toString());
        }
    }

    private String loginCookie(String proto) throws IOException {
        Request.Builder login = new Request.Builder().url("http://127.0.0.1:" + server.http() + "/login")
                .header("X-Forwarded-For", "198.51.100.99").post(new FormBody.Builder().add("key", SECRET).build());
        if (proto != null) {
            login.header("X-Forwarded-Proto", proto);
        }
        try (Response response = call(login)) {
            assertEquals(303, response.code());
            return response.header("Set-Cookie");
        }
    }

    @Test
    void forwardedHttpsMakesTheCookieSecureOnlyFromATrustedProxy() throws Exception {
        start(true, Settings.forTests().secret(SECRET, Duration.ofSeconds(10)));
        assertTrue(loginCookie("https").contains("; Secure"), "behind a TLS proxy the cookie stays on HTTPS");
        assertFalse(loginCookie("http").contains("Secure"));
        assertFalse(loginCookie(null).contains("Secure"));
        server.close();
        start(false, Settings.forTests().secret(SECRET, Duration.ofSeconds(10)));
        assertFalse(loginCookie("https").contains("Secure"), "anyone can send the header; only a proxy is believed");
    }

    private JsonNode members() throws IOException {
        try (Response response = call(new Request.Builder().url("http://127.0.0.1:" + server.http()
                + "/api/rooms/lobby/members"))) {
            return JSON.readTree(response.body().string());
        }
    }

    @Test
    void aForwardedWebSocketMemberIsShownAndCappedAsItsClient() throws Exception {
        start(true, Settings.forTests().connections(100, 1));
        // The innocent comes from 127.0.0.2, which is not the proxy: a plain member from the first byte.
        try (LineClient innocent = new LineClient(server.tcp(), true, "127.0.0.2").awaitAdmitted();
                WsClient alice = new WsClient(server.http(), "/ws?format=json&nick=alice",
                        Map.of("X-Forwarded-For", "198.51.100.1, " + ALICE))) {
            alice.awaitAdmitted();
            innocent.awaitContaining("alice joined #lobby (ws " + ALICE + ")");
            innocent.send("/who");
            innocent.awaitContaining("alice (ws " + ALICE + ", browser B/S");
            JsonNode members = members();
            assertTrue(members.toString().contains("\"address\":\"" + ALICE + "\""), members.toString());
            // --max-per-address 1 holds for the client, not for the proxy all browsers share.
            try (WsClient again = new WsClient(server.http(), "/ws?format=json&nick=alice2",
                    Map.of("X-Forwarded-For", ALICE))) {
                assertEquals(1013, again.closed().get(10, TimeUnit.SECONDS));
            }
            try (WsClient bob = new WsClient(server.http(), "/ws?format=json&nick=bob",
                    Map.of("X-Forwarded-For", BOB))) {
                bob.awaitAdmitted();
                innocent.awaitContaining("bob joined #lobby (ws " + BOB + ")");
            }
            innocent.send("still here");
            innocent.awaitContaining("> still here");
        }
    }

    @Test
    void apiPostBudgetsFollowTheForwardedClient() throws Exception {
        start(true, Settings.forTests().messageRate(2));
        int refused = 0;
        for (int i = 0; i < 12 && refused == 0; i++) { // 2 a second, 4 at once: the twelfth is refused at the latest
            try (Response post = call(api("/api/rooms/lobby/messages", ALICE, null).post(RequestBody.create(
                    "{\"nick\":\"hook\",\"text\":\"post " + i + "\"}", JSON_TYPE)))) {
                refused += post.code() == 429 ? 1 : 0;
            }
        }
        assertEquals(1, refused, "the forwarded client ran out of posts");
        try (Response other = call(api("/api/rooms/lobby/messages", BOB, null).post(RequestBody.create(
                "{\"nick\":\"hook2\",\"text\":\"mine\"}", JSON_TYPE)))) {
            assertEquals(201, other.code(), "another client behind the proxy has its own budget");
        }
    }

    @Test
    void theRightMostUntrustedEntryIsTheClientAndGarbageStopsTheWalk() throws Exception {
        ClientAddress clients = new ClientAddress(TrustedProxies.parse(List.of("127.0.0.1/32", "10.0.0.0/8", "::1")));
        InetAddress proxy = InetAddress.getByName("127.0.0.1");
        assertEquals(ALICE, clients.resolve(proxy, 4000, List.of("198.51.100.1, " + ALICE + ", 10.1.2.3")).ip());
        assertEquals(ALICE, clients.resolve(proxy, 4000, List.of("198.51.100.1", ALICE + ":5151")).ip(),
                "several header lines are one list; a port is allowed");
        assertEquals("2001:db8:0:0:0:0:0:7", clients.resolve(proxy, 4000, List.of("[2001:db8::7]:443")).ip());
        assertEquals("10.1.2.3", clients.resolve(proxy, 4000, List.of(ALICE + ", unknown, 10.1.2.3")).ip(),
                "left of garbage nothing is known: the last believable hop stands");
        assertEquals("127.0.0.1", clients.resolve(proxy, 4000, List.of("not an address")).ip());
        assertEquals("127.0.0.1:4000", clients.resolve(proxy, 4000, List.of()).shown());
        assertEquals("10.9.9.9", clients.resolve(proxy, 4000, List.of("10.9.9.9, 10.1.2.3")).ip(),
                "a chain of trusted proxies only: the farthest one");
        InetAddress stranger = InetAddress.getByName("192.0.2.50");
        assertEquals("192.0.2.50:4000", clients.resolve(stranger, 4000, List.of(ALICE)).shown(),
                "an untrusted peer's header is ignored");
    }
}
