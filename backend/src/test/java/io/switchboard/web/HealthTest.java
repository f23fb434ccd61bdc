package io.switchboard.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.ops.Readiness;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Liveness and readiness: /healthz answers while the process serves, /readyz only while it should get members. */
@Timeout(30)
class HealthTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(RunningGateway server, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.http() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void readyzIsReadyOnceStartedAnd503WithTheReasonWhileDrainingWhileHealthzStays200() throws Exception {
        assertEquals(Readiness.State.STARTING, new Readiness().state());
        try (RunningGateway server = new RunningGateway()) {
            HttpResponse<String> ready = get(server, "/readyz");
            assertEquals(200, ready.statusCode());
            assertEquals("ready", WsClient.parse(ready.body()).path("status").asText());
            assertEquals(false, WsClient.parse(ready.body()).has("cluster"), "a single node has no cluster link");
            server.gateway.readiness().draining("shutting down for the test");
            HttpResponse<String> draining = get(server, "/readyz");
            assertEquals(503, draining.statusCode());
            JsonNode body = WsClient.parse(draining.body());
            assertEquals("draining", body.path("status").asText());
            assertEquals("shutting down for the test", body.path("reason").asText());
            HttpResponse<String> live = get(server, "/healthz");
            assertEquals(200, live.statusCode());
            assertEquals("draining", WsClient.parse(live.body()).path("state").asText());
        }
    }
}
