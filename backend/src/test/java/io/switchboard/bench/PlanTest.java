package io.switchboard.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** How a plan deals members and senders to rooms and nodes, and which bench options it refuses. */
@Timeout(30)
class PlanTest {

    private static Plan plan(int members, int senders, int rooms, int nodes) {
        return new Plan(Plan.Scenario.FANOUT, Transport.cycle("mix"), members, senders, rooms, 0, 8, 64, 0, 1, 64, 2,
                Plan.Target.inProcess(nodes, nodes > 1 ? "redis://127.0.0.1:6379" : null, 0));
    }

    @Test
    void withOneRoomSendersAreWhereTheyAlwaysWere() {
        Plan plan = plan(500, 10, 1, 1);
        for (int s = 0; s < 10; s++) {
            assertEquals(s * 50, plan.memberOfSender(s));
        }
    }

    @Test
    void sendersTakeTheRoomsInTurn() {
        Plan plan = plan(10_000, 100, 100, 1);
        Set<Integer> rooms = new HashSet<>();
        Set<Integer> members = new HashSet<>();
        for (int s = 0; s < 100; s++) {
            rooms.add(plan.roomOf(plan.memberOfSender(s)));
            members.add(plan.memberOfSender(s));
        }
        assertEquals(100, rooms.size(), "one sender in every room");
        assertEquals(100, members.size());
        // More senders than rooms, and every member a sender: still distinct members.
        Plan all = plan(7, 7, 3, 1);
        Set<Integer> everyone = new HashSet<>();
        for (int s = 0; s < 7; s++) {
            everyone.add(all.memberOfSender(s));
        }
        assertEquals(7, everyone.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7})
    void membersAndSendersAreDealtToEveryNodeInEveryRoom(int rooms) {
        Plan plan = plan(500, 10, rooms, 2);
        int[] node = plan.nodeOfMembers();
        int[][] perRoom = new int[rooms][2];
        int[] senders = new int[2];
        int[][] sendersPerRoom = new int[rooms][2];
        for (int m = 0; m < 500; m++) {
            perRoom[plan.roomOf(m)][node[m]]++;
        }
        for (int s = 0; s < 10; s++) {
            int m = plan.memberOfSender(s);
            senders[node[m]]++;
            sendersPerRoom[plan.roomOf(m)][node[m]]++;
        }
        assertEquals(5, senders[0]);
        assertEquals(5, senders[1]);
        for (int r = 0; r < rooms; r++) {
            assertTrue(Math.abs(perRoom[r][0] - perRoom[r][1]) <= 1,
                    "room " + r + "'s members are split evenly: " + perRoom[r][0] + " / " + perRoom[r][1]);
            assertTrue(Math.abs(sendersPerRoom[r][0] - sendersPerRoom[r][1]) <= 1,
                    "room " + r + "'s senders are split evenly: " + sendersPerRoom[r][0] + " / " + sendersPerRoom[r][1]);
        }
    }

    private static Plan parse(String... args) {
        CommandLine cli = new CommandLine(new BenchCommand());
        cli.parseArgs(args);
        return ((BenchCommand) cli.getCommand()).plan();
    }

    @Test
    void theCommandLineMakesTheTargets() {
        Plan.Target two = parse("--in-process", "--cluster", "redis://127.0.0.1:7000").target();
        assertEquals(2, two.nodes().size());
        assertEquals("redis://127.0.0.1:7000", two.cluster());
        assertEquals(3, parse("--in-process", "--cluster", "redis://h:1", "--nodes", "3").target().nodes().size());
        assertEquals(1, parse("--in-process").target().nodes().size());

        Plan.Target running = parse("--gateway", "10.0.0.1:2323:8080", "--gateway", "[::1]:2324:8081:2400",
                "--pid", "11", "--pid", "12").target();
        assertEquals(List.of(new Plan.Target.Node("10.0.0.1", 2323, 8080, 2323),
                new Plan.Target.Node("::1", 2324, 8081, 2400)), running.nodes());
        assertEquals(List.of(11L, 12L), running.pids());
        assertEquals(List.of(new Plan.Target.Node("127.0.0.1", 2323, 8080, 2323)), parse().target().nodes());
    }

    @Test
    void optionsThatCannotWorkTogetherAreRefusedSayingWhy() {
        String[][] bad = {
            {"--in-process", "--nodes", "2"},
            {"--cluster", "redis://127.0.0.1:7000"},
            {"--nodes", "2"},
            {"--in-process", "--nodes", "0", "--cluster", "redis://h:1"},
            {"--in-process", "--gateway", "127.0.0.1:2323:8080"},
            {"--gateway", "127.0.0.1:2323:8080", "--tcp-port", "2400"},
            {"--gateway", "127.0.0.1:2323"},
            {"--gateway", "127.0.0.1:2323:http"},
            {"--scenario", "relay-echo", "--in-process", "--cluster", "redis://h:1"},
        };
        String[] says = {"--cluster", "--in-process", "--gateway", "--nodes", "--gateway", "--tcp-port",
            "HOST:TCP-PORT:HTTP-PORT", "HOST:TCP-PORT:HTTP-PORT", "relay-echo"};
        for (int i = 0; i < bad.length; i++) {
            String[] args = bad[i];
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args),
                    String.join(" ", args));
            assertTrue(e.getMessage().contains(says[i]), String.join(" ", args) + ": " + e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void theRelayEchoTakesMessagesUpToOneFrameWithASixteenBitLength() {
        assertEquals(4096, parse("--scenario", "relay-echo", "--in-process", "--size", "4096").size());
        assertEquals(65535, parse("--scenario", "relay-echo", "--in-process", "--size", "65535").size());
        for (String[] args : new String[][] {
            {"--scenario", "relay-echo", "--in-process", "--size", "65536"},
            {"--scenario", "relay-echo", "--in-process", "--size", "19"},
            {"--size", "4096"},
        }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args),
                    String.join(" ", args));
            assertTrue(e.getMessage().contains("--size"), e.getMessage());
        }
    }
}
