package io.switchboard.bench;

import io.switchboard.Gateway;
import io.switchboard.config.Settings;
import io.switchboard.runtime.Threads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Runs one {@link Plan}: starts the gateway if it is to run in process, joins every member,
 * lets the senders chat for the planned time, waits (bounded) for every message to reach
 * every member of its room, and reports. Every phase has a deadline; everything the run
 * opened is closed when it returns.
 */
public final class Bench {
    private static final long DRAIN = TimeUnit.SECONDS.toNanos(10);

    private final Plan plan;
    private final List<Loop> loops = new ArrayList<>();
    private final List<Conn> senders = new ArrayList<>();
    private Gateway gateway;

    private Bench(Plan plan) {
        this.plan = plan;
    }

    /** Runs the plan and returns what it measured. */
    static Result run(Plan plan) throws IOException, InterruptedException {
        if (plan.scenario() == Plan.Scenario.RELAY_ECHO) {
            // EXTENSION POINT (relay): drive /relay/NAME sessions against an echo server here.
            throw new IllegalArgumentException("the relay-echo scenario is pending: the relay (/relay/NAME) is being"
                    + " built on another branch");
        }
        Bench bench = new Bench(plan);
        try {
            return bench.measure();
        } finally {
            bench.close();
        }
    }

    /** The settings of an in-process gateway: free ports, history in memory, limits raised to carry the load. */
    static Settings inProcessSettings(Plan plan) {
        int members = plan.members();
        return Settings.builder().ports(0, 0, 0).history("memory").shutdownGrace(Duration.ofSeconds(2))
                .messageRate(1_000_000)
                .udp(Duration.ofMinutes(10), Math.max(1000, members), 1_000_000)
                .connections(Math.max(10_000, members * 2), Math.max(50, members * 2))
                .maxRooms(Math.max(1000, plan.rooms() + 10))
                .build();
    }

    private Result measure() throws IOException, InterruptedException {
        String where = connectTarget();
        double load = Meter.load();
        Plan.Target target = plan.target();
        Run run = gateway != null
                ? new Run(plan, loopback(gateway.tcpPort()), loopback(gateway.httpPort()), loopback(gateway.udpPort()),
                        freshRooms())
                : new Run(plan, new InetSocketAddress(target.host(), target.tcpPort()),
                        new InetSocketAddress(target.host(), target.httpPort()),
                        new InetSocketAddress(target.host(), target.udpPort()), freshRooms());
        buildMembers(run);
        Tally tally = new Tally(plan, loops, senders, gateway != null);
        List<String> problems = new ArrayList<>();

        long joinStart = System.nanoTime();
        Tally.Sample before = tally.sample(joinStart);
        loops.forEach(Loop::prepare);
        buildFlights(run);
        loops.forEach(Loop::start);
        await(() -> sum(Loop::ready) + sum(Loop::failed) >= plan.members(), TimeUnit.MINUTES.toNanos(10));
        int joined = (int) sum(Loop::ready);
        Tally.Sample after = tally.sample(System.nanoTime());
        double joinSeconds = (after.at() - joinStart) / 1e9;
        if (joined < plan.members()) {
            problems.add((plan.members() - joined) + " of " + plan.members() + " members did not join");
        }

        Result.Chat chat = null;
        Result.Memory memory;
        if (plan.scenario() == Plan.Scenario.FANOUT && joined == plan.members() && !senders.isEmpty()) {
            long measureFrom = System.nanoTime() + (long) (plan.warmupSeconds() * 1e9);
            long stop = measureFrom + (long) (plan.seconds() * 1e9);
            run.measureFrom(measureFrom);
            run.sending(true);
            loops.forEach(Loop::startSending);
            await(() -> System.nanoTime() >= measureFrom || sum(Loop::failed) > 0, TimeUnit.HOURS.toNanos(2));
            before = tally.sample(System.nanoTime());
            await(() -> System.nanoTime() >= stop || sum(Loop::failed) > 0, TimeUnit.HOURS.toNanos(2));
            after = tally.sample(System.nanoTime());
            run.sending(false);
            quiesce();
            long expected = expected();
            await(() -> sum(Loop::delivered) >= expected || sum(Loop::failed) > 0, DRAIN);
            memory = tally.memory();
            stopLoops();
            chat = tally.chat(expected, measureFrom, problems);
        } else {
            memory = tally.memory();
            stopLoops();
        }
        return tally.result(where, load, tally.join(joined, joinSeconds), chat, Tally.cpu(before, after), memory,
                problems);
    }

    /** Starts the in-process gateway if planned; describes the target. */
    private String connectTarget() {
        Plan.Target target = plan.target();
        if (target.inProcess()) {
            gateway = new Gateway(inProcessSettings(plan)).start();
            return "in process (" + Threads.describe() + ")";
        }
        return "external " + target.host() + " (tcp " + target.tcpPort() + ", http " + target.httpPort() + ", udp "
                + target.udpPort() + (target.pid() > 0 ? ", pid " + target.pid() : "") + ")";
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    /** A prefix no earlier run used, so no history of another run is replayed into this one. */
    private static String freshRooms() {
        return "b" + Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36) + "r";
    }

    /** Spreads the members over the loops (and so over transports and rooms), marking the senders. */
    private void buildMembers(Run run) throws IOException {
        for (int i = 0; i < plan.loops(); i++) {
            loops.add(new Loop(run, i, Math.max(1, plan.joinParallel() / plan.loops())));
        }
        for (int m = 0; m < plan.members(); m++) {
            Loop loop = loops.get(m % loops.size());
            Conn conn = switch (plan.transportOf(m)) {
                case TCP -> new LineConn(loop, plan.roomOf(m), plan.senders());
                case WS -> new WsConn(loop, plan.roomOf(m), plan.senders());
                case UDP -> new DatagramConn(loop, plan.roomOf(m), plan.senders());
            };
            if (senders.size() < plan.senders() && plan.memberOfSender(senders.size()) == m) {
                conn.sender = senders.size();
                senders.add(conn);
            }
            loop.add(conn);
        }
    }

    /** Every sender's flight: its window slots count the loops that carry members of its room. */
    private void buildFlights(Run run) {
        Flight[] flights = new Flight[senders.size()];
        int[] rooms = new int[senders.size()];
        for (Conn s : senders) {
            int carrying = 0;
            for (Loop loop : loops) {
                carrying += loop.carries(s.room) ? 1 : 0;
            }
            flights[s.sender] = new Flight(s, carrying, plan.window());
            rooms[s.sender] = s.room;
        }
        run.flights(flights, rooms);
    }

    /** Waits until the loops have seen that sending stopped, so every sender's count is final. */
    private void quiesce() throws InterruptedException {
        List<CompletableFuture<Void>> seen = new ArrayList<>();
        for (Loop loop : loops) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loop.execute(() -> done.complete(null));
            seen.add(done);
        }
        try {
            CompletableFuture.allOf(seen.toArray(new CompletableFuture[0])).get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("a bench loop did not answer within 10 s", e);
        }
    }

    /** Sent messages per room (all counts are final after {@link #quiesce}). */
    private long[] sentPerRoom() {
        long[] perRoom = new long[plan.rooms()];
        for (Conn s : senders) {
            perRoom[s.room] += s.sent;
        }
        return perRoom;
    }

    /** Deliveries owed: every member gets every message sent to its room, its own included. */
    private long expected() {
        long[] perRoom = sentPerRoom();
        long expected = 0;
        for (Loop loop : loops) {
            for (Conn c : loop.conns) {
                expected += perRoom[c.room];
            }
        }
        return expected;
    }

    private long sum(java.util.function.ToLongFunction<Loop> counter) {
        long total = 0;
        for (Loop loop : loops) {
            total += counter.applyAsLong(loop);
        }
        return total;
    }

    /** Polls until {@code done} or {@code timeout} nanoseconds have passed; the bench's coordinator only. */
    private static void await(BooleanSupplier done, long timeout) {
        long deadline = System.nanoTime() + timeout;
        while (!done.getAsBoolean() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(2_000_000);
        }
    }

    private void stopLoops() throws InterruptedException {
        for (Loop loop : loops) {
            loop.stop();
        }
    }

    private void close() throws InterruptedException {
        stopLoops();
        if (gateway != null) {
            gateway.close();
        }
    }
}
