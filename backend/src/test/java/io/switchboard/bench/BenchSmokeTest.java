package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bench itself, small and in process, on every transport: it must join everyone and get
 * every message to every member. It fails on loss or errors, never on timings (those belong
 * in docs/BENCHMARKS.md).
 */
@Timeout(60)
class BenchSmokeTest {

    private static Plan plan(Plan.Scenario scenario, String transports, int members, int senders, double seconds) {
        return new Plan(scenario, Transport.cycle(transports), members, senders, 1, 0, 8, 64, 0, seconds, 64, 2,
                new Plan.Target(true, "127.0.0.1", 0, 0, 0, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "ws", "udp", "mix"})
    void everyMemberGetsEveryMessage(String transports) throws Exception {
        Result result = Bench.run(plan(Plan.Scenario.FANOUT, transports, 20, 2, 2));

        assertEquals(java.util.List.of(), result.problems(), result.text());
        assertEquals(20, result.join().joined(), result.text());
        Lossless.everyMessageToEveryMember(result, 20);
        assertTrue(result.json().contains("\"deliveriesPerSecond\""), result.json());
    }

    @Test
    void sendersInSeveralRoomsAllSendAndEveryRoomGetsItsMessages() throws Exception {
        // 32 members in 3 rooms, 10 senders: sender 8 is member 20, sender 7 member 22.
        Result result = Bench.run(new Plan(Plan.Scenario.FANOUT, Transport.cycle("tcp"), 32, 10, 3, 0, 8, 64, 0, 1,
                64, 2, new Plan.Target(true, "127.0.0.1", 0, 0, 0, 0)));

        assertEquals(java.util.List.of(), result.problems(), result.text());
        assertTrue(result.chat().sent() > 0, result.text());
        assertEquals(result.chat().expected(), result.chat().delivered(), result.text());
    }

    @Test
    void aJoinStormAdmitsEveryone() throws Exception {
        Result result = Bench.run(plan(Plan.Scenario.JOIN_STORM, "mix", 60, 0, 1));

        assertEquals(java.util.List.of(), result.problems(), result.text());
        assertEquals(60, result.join().joined(), result.text());
        assertEquals(null, result.chat());
    }

    @Test
    void theRelayEchoGetsEveryMessageBackInOrderOnBothPaths() throws Exception {
        RelayEcho.Result2 result = RelayEcho.run(plan(Plan.Scenario.RELAY_ECHO, "ws", 4, 0, 1));

        assertTrue(result.ok(), result.text());
        assertEquals(java.util.List.of("relay", "tcp"),
                result.figures().stream().map(RelayEcho.Figures::path).toList());
        for (RelayEcho.Figures f : result.figures()) {
            assertTrue(f.messages() > 0, "no round trips measured on " + f.path() + ": " + result.text());
        }
        assertTrue(result.json().contains("\"rttP50Micros\""), result.json());
    }

    @Test
    void theRelayEchoNeedsTheInProcessGateway() {
        Plan external = new Plan(Plan.Scenario.RELAY_ECHO, Transport.cycle("ws"), 2, 0, 1, 0, 8, 64, 0, 1, 64, 2,
                new Plan.Target(false, "127.0.0.1", 2323, 8080, 2323, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelayEcho.run(external));
        assertTrue(e.getMessage().contains("--in-process"), e.getMessage());
    }
}
