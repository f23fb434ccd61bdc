package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.Settings;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RunningGateway;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** API posts obey --message-rate per address, like members' messages, while a member chats on. */
@Timeout(60)
class ApiRateTest {
    private static final OkHttpClient HTTP = new OkHttpClient();
    private static final MediaType JSON = MediaType.get("application/json");

    @Test
    void aScriptThatPostsTooFastIsToldToSlowDownAndTheRoomGoesOn() throws IOException {
        try (RunningGateway server = new RunningGateway(Settings.forTests().messageRate(2).build());
                LineClient innocent = server.line("innocent")) {
            int created = 0;
            String refusal = null;
            String retryAfter = null;
            for (int i = 0; i < 30; i++) { // 2 a second, 4 at once: 30 posts would take 13 s to be all allowed
                Request request = new Request.Builder()
                        .url("http://127.0.0.1:" + server.http() + "/api/rooms/lobby/messages")
                        .post(RequestBody.create("{\"nick\":\"hook\",\"text\":\"post " + i + "\"}", JSON)).build();
                try (Response response = HTTP.newCall(request).execute()) {
                    if (response.code() == 201) {
                        created++;
                    } else {
                        assertEquals(429, response.code());
                        refusal = response.body().string();
                        retryAfter = response.header("Retry-After");
                    }
                }
            }
            assertTrue(created >= 4 && created < 30, created + " posts were taken");
            assertTrue(refusal != null && refusal.contains("slow down: at most 2 posts a second"), refusal);
            assertEquals("1", retryAfter);
            innocent.send("still chatting");
            innocent.awaitLine("<innocent> still chatting");
        }
    }
}
