package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.config.ClusterSettings;
import io.switchboard.config.Settings;
import io.switchboard.testing.JarProcess;
import io.switchboard.testing.LineClient;
import io.switchboard.testing.RedisServer;
import io.switchboard.testing.RunningGateway;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Cluster nodes as real processes: a node that dies, one that stops, and ones that cannot start. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterProcessIT {
    private RedisServer redis;

    @BeforeEach
    void redis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    private JarProcess node(String name) throws Exception {
        return JarProcess.start("--cluster", redis.uri(), "--node", name, "--cluster-ttl", "1",
                "--http-port", "0", "--tcp-port", "0", "--udp-port", "0", "--history", "memory").awaitBanner();
    }

    private RunningGateway inProcess(String name) {
        return new RunningGateway(Settings.forTests()
                .cluster(ClusterSettings.parse(redis.uri(), name, Duration.ofSeconds(1), 1000)).build());
    }

    @Test
    void membersOfAKilledNodeLeaveTheOtherNodesRosterWithinTheTtl() throws Exception {
        try (JarProcess a = node("a"); RunningGateway b = inProcess("b");
                LineClient alice = new LineClient(a.tcpPort()).awaitAdmitted();
                LineClient bob = new LineClient(b.tcp()).awaitAdmitted()) {
            alice.send("/nick alice");
            bob.awaitContaining("is now known as alice");
            assertTrue(members(b).contains("\"nick\":\"alice\""));

            a.kill(); // SIGKILL: no goodbye reaches Redis
            bob.awaitLine("-!- alice left #lobby (node a stopped answering)");
            assertFalse(members(b).contains("\"nick\":\"alice\""), members(b));
            // Its nick is free again.
            bob.send("/nick alice");
            bob.awaitContaining("is now known as alice");
        }
    }

    @Test
    void aNodeThatStopsTakesItsMembersOutAtOnce() throws Exception {
        try (JarProcess a = node("a"); RunningGateway b = inProcess("b");
                LineClient alice = new LineClient(a.tcpPort()).awaitAdmitted();
                LineClient bob = new LineClient(b.tcp()).awaitAdmitted()) {
            alice.send("/nick alice");
            bob.awaitContaining("is now known as alice");
            a.terminate();
            assertEquals(0, a.exitCode());
            bob.awaitLine("-!- alice left #lobby (node a shut down)");
        }
    }

    @Test
    void aNodeThatCannotReachRedisDoesNotStart() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        try (JarProcess a = JarProcess.start("--cluster", "redis://127.0.0.1:" + closed, "--node", "a",
                "--http-port", "0", "--tcp-port", "0", "--udp-port", "0")) {
            assertEquals(2, a.exitCode());
            assertEquals(1, a.stderr().size(), a.stderr().toString());
            assertTrue(a.stderr().get(0).startsWith("switchboard: cannot reach Redis at redis://127.0.0.1:" + closed),
                    a.stderr().toString());
        }
        try (JarProcess bad = JarProcess.start("--cluster", "http://secret@example.org", "--http-port", "0")) {
            assertEquals(2, bad.exitCode());
            String line = String.join("\n", bad.stderr());
            assertTrue(line.contains("--cluster takes redis://"), line);
            assertFalse(line.contains("secret"), "a password is never echoed: " + line);
        }
    }

    @Test
    void twoRunningNodesCannotShareAName() throws Exception {
        try (JarProcess a = node("a"); JarProcess again = JarProcess.start("--cluster", redis.uri(), "--node", "a",
                "--http-port", "0", "--tcp-port", "0", "--udp-port", "0", "--history", "memory")) {
            assertEquals(2, again.exitCode());
            String line = String.join("\n", again.stderr());
            assertTrue(line.contains("a running node is already called a"), line);
        }
    }

    private static String members(RunningGateway node) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + node.http() + "/api/rooms/lobby/members")).build(),
                HttpResponse.BodyHandlers.ofString());
        return r.body();
    }
}
