package io.switchboard.relay;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.RelaySettings;
import io.switchboard.config.RelayTarget;
import io.switchboard.config.Settings;
import io.switchboard.testing.RunningGateway;
import io.switchboard.testing.Waits;
import io.switchboard.testing.WsClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** Shared set-up for relay tests: a gateway with an allow-list, and its counters over the HTTP API. */
final class Relays {
    static final OkHttpClient HTTP = new OkHttpClient();

    private Relays() {
    }

    /** A gateway on free ports relaying to {@code targets} with the default limits. */
    static RunningGateway gateway(RelayTarget... targets) {
        return gateway(RelaySettings.NONE.withTargets(List.of(targets)));
    }

    static RunningGateway gateway(RelaySettings relay) {
        return new RunningGateway(Settings.forTests().relay(relay).build());
    }

    /** {@code GET path} on the gateway: the status and the parsed JSON body. */
    static JsonNode get(RunningGateway server, String path, int expectedStatus) {
        Request request = new Request.Builder().url("http://127.0.0.1:" + server.http() + path).build();
        try (Response response = HTTP.newCall(request).execute()) {
            String body = response.body().string();
            if (response.code() != expectedStatus) {
                throw new AssertionError("GET " + path + " gave " + response.code() + ", not " + expectedStatus
                        + ": " + body);
            }
            return WsClient.parse(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls a target's counters until {@code wanted} holds; returns them. */
    static JsonNode statsWhen(RunningGateway server, String name, Predicate<JsonNode> wanted, String what) {
        JsonNode[] last = new JsonNode[1];
        try {
            Waits.until(() -> wanted.test(last[0] = stats(server, name)), what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; counters: " + last[0], e);
        }
        return last[0];
    }

    /** Polls until every session to {@code name} has ended; returns the counters. */
    static JsonNode whenIdle(RunningGateway server, String name) {
        return statsWhen(server, name, s -> s.path("active").asLong() == 0, "every session to " + name + " to end");
    }

    /** One target's counters from {@code GET /api/relays/NAME}. */
    static JsonNode stats(RunningGateway server, String name) {
        return get(server, "/api/relays/" + name, 200);
    }
}
