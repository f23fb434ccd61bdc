package io.switchboard.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Settings;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** No sequence of posts can make a room unjoinable: messages and the replay on joining are bounded in bytes. */
@Timeout(60)
class RoomLockoutTest {
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final MediaType JSON = MediaType.get("application/json");
    private RunningGateway server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private int post(String text) throws IOException {
        String body = "{\"nick\":\"bigbot\",\"text\":\"" + text + "\"}";
        Request request = new Request.Builder().url("http://127.0.0.1:" + server.http() + "/api/rooms/lobby/messages")
                .post(RequestBody.create(body, JSON)).build();
        try (Response response = HTTP.newCall(request).execute()) {
            return response.code();
        }
    }

    @Test
    void bigPostsNeitherLockNewcomersOutNorReachAnyoneWhole() throws IOException {
        server = new RunningGateway(Settings.forTests().build());
        try (LineClient innocent = server.line("innocent")) {
            for (int i = 0; i < 17; i++) {
                assertEquals(201, post(String.valueOf((char) ('a' + i)).repeat(65_000)));
            }
            for (int i = 0; i < 4; i++) {
                assertEquals(201, post("&".repeat(65_000))); // five times larger once HTML-escaped
            }
            String big = innocent.await(l -> l.startsWith("<bigbot> aaaa"), "the first big post");
            assertTrue(big.endsWith(" more bytes cut]"), big.substring(big.length() - 40));
            assertTrue(big.getBytes(StandardCharsets.UTF_8).length < 4096 + 64, "a message is at most 4 KiB");

            // Every newcomer gets in: terminal and page alike, with the replay that fits.
            try (LineClient newcomer = server.line()) {
                newcomer.awaitContaining("/nick NAME changes your nick");
                newcomer.send("still here");
                innocent.awaitContaining("> still here");
            }
            WsClient page = server.html("pagereader");
            page.submit("the page can talk");
            innocent.awaitLine("<pagereader> the page can talk");
            assertTrue(page.seen().stream().mapToLong(String::length).sum() < 1024 * 1024, "the replay fits");
            page.close();
            innocent.send("the room still works");
            innocent.awaitLine("<innocent> the room still works");
        }
    }
}
