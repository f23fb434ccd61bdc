package io.switchboard.testing;

import io.switchboard.config.ClusterSettings;
import io.switchboard.config.SettingsBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real redis-server on loopback and the gateway nodes a cluster test starts on it, with what
 * they keep open; closes all of it, last opened first, then Redis.
 */
public final class ClusterNodes implements AutoCloseable {
    private final RedisServer redis;
    private final List<AutoCloseable> open = new ArrayList<>();

    private ClusterNodes(RedisServer redis) {
        this.redis = redis;
    }

    public static ClusterNodes start() throws IOException {
        return new ClusterNodes(RedisServer.start());
    }

    public RedisServer redis() {
        return redis;
    }

    /**
     * Node {@code name} on the Redis at {@code redisPort} (this one's, or a proxy's in front of it),
     * streams of {@code streamMax} entries, the rest from {@code settings}; returned once linked:
     * a member who joins before the first link is told its room is degraded, which a test that
     * cuts the link later would take for the notice it waits for.
     */
    public RunningGateway node(String name, int redisPort, int streamMax, SettingsBuilder settings) {
        ClusterSettings cluster = ClusterSettings.parse("redis://127.0.0.1:" + redisPort, name, Duration.ofSeconds(2),
                streamMax);
        RunningGateway node = keep(new RunningGateway(settings.cluster(cluster).build()));
        Waits.until(() -> health(node).contains("\"cluster\":\"linked\""), "node " + name + " linked to Redis");
        return node;
    }

    /** Closed with the nodes, before them. */
    public <T extends AutoCloseable> T keep(T closeable) {
        open.add(closeable);
        return closeable;
    }

    private static String health(RunningGateway node) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + node.http() + "/healthz")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e.toString();
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        redis.close();
    }
}
