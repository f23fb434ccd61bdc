package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.switchboard.Gateway;
import io.switchboard.testing.RedisServer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bench over two gateway nodes of a cluster, started in process against a real
 * redis-server on a free loopback port: members on both nodes, senders on both, and every
 * message must reach every member of its room on every node. It fails on loss or errors, never
 * on timings (those belong in docs/BENCHMARKS.md).
 */
@Timeout(120)
class ClusterBenchSmokeTest {
    private static RedisServer redis;

    @BeforeAll
    static void redis() throws Exception {
        redis = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        if (redis != null) {
            redis.close();
        }
    }

    private static Plan plan(Plan.Scenario scenario, String transports, int members, int senders, int rooms,
            double seconds, int nodes) {
        return new Plan(scenario, Transport.cycle(transports), members, senders, rooms, 0, 8, 64, 0, seconds, 64, 2,
                Plan.Target.inProcess(nodes, redis.uri(), redis.pid()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mix"})
    void everyMemberOnEitherNodeGetsEveryMessage(String transports) throws Exception {
        Result result = Bench.run(plan(Plan.Scenario.FANOUT, transports, 20, 4, 1, 2, 2));

        assertEquals(List.of(), result.problems(), result.text());
        assertEquals(2, result.nodes(), result.text());
        assertTrue(result.plan().contains("over 2 nodes"), result.plan());
        assertTrue(result.gateway().contains("2 nodes sharing redis://127.0.0.1:" + redis.port()), result.gateway());
        assertEquals(20, result.join().joined(), result.text());
        Result.Chat chat = Lossless.everyMessageToEveryMember(result, 20);
        assertEquals(0, chat.extra(), result.text());
        assertTrue(result.cpu().redisCores() >= 0, "Redis's CPU is read with its pid: " + result.text());
    }

    @Test
    void roomsSpanTheNodesAndAJoinStormAdmitsEveryoneOnBoth() throws Exception {
        Result chat = Bench.run(plan(Plan.Scenario.FANOUT, "tcp,ws", 24, 6, 3, 1, 2));
        assertEquals(List.of(), chat.problems(), chat.text());
        assertEquals(chat.chat().expected(), chat.chat().delivered(), chat.text());

        Result storm = Bench.run(plan(Plan.Scenario.JOIN_STORM, "mix", 30, 0, 1, 1, 2));
        assertEquals(List.of(), storm.problems(), storm.text());
        assertEquals(30, storm.join().joined(), storm.text());
    }

    @Test
    void oneNodeInClusterModeIsAlsoARun() throws Exception {
        Result result = Bench.run(plan(Plan.Scenario.FANOUT, "tcp", 10, 2, 1, 1, 1));

        assertEquals(List.of(), result.problems(), result.text());
        assertTrue(result.gateway().contains("1 node sharing"), result.gateway());
        assertEquals(result.chat().expected(), result.chat().delivered(), result.text());
    }

    @Test
    void anUnreachableRedisIsAStartupFailureNamingTheOption() throws Exception {
        int nobody;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = free.getLocalPort();
        }
        Plan plan = new Plan(Plan.Scenario.FANOUT, Transport.cycle("tcp"), 2, 1, 1, 0, 8, 64, 0, 1, 64, 2,
                Plan.Target.inProcess(2, "redis://127.0.0.1:" + nobody, 0));
        Gateway.StartupException e = assertThrows(Gateway.StartupException.class, () -> Bench.run(plan));
        assertTrue(e.getMessage().contains("--cluster") && e.getMessage().contains("cannot reach Redis"),
                e.getMessage());
    }
}
