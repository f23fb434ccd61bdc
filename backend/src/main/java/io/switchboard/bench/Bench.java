package io.switchboard.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;

/**
 * Runs one {@link Plan}: starts the gateway (or the cluster's nodes) if it is to run in process,
 * joins every member to its node, lets the senders chat for the planned time, waits (bounded)
 * for every message to reach every member of its room on every node, and reports. Every phase
 * has a deadline; everything the run opened is closed when it returns. {@link Gateways} starts
 * and describes the target, {@link Usage} samples CPU and memory, {@link Tally} adds up the
 * loops' counts into the {@link Result}.
 */
public final class Bench {
    private static final long DRAIN = TimeUnit.SECONDS.toNanos(10);

    private final Plan plan;
    private final List<Loop> loops = new ArrayList<>();
    private final List<Conn> senders = new ArrayList<>();
    private final Gateways gateways;
    private final Usage usage;
    private final Tally tally;

    private Bench(Plan plan) {
        this.plan = plan;
        this.gateways = new Gateways(plan);
        this.usage = new Usage(plan, loops, gateways);
        this.tally = new Tally(plan, loops, senders);
    }

    /** Runs the plan and returns what it measured. */
    static Result run(Plan plan) throws IOException, InterruptedException {
        Bench bench = new Bench(plan);
        try {
            return bench.measure();
        } finally {
            bench.close();
        }
    }

    private Result measure() throws IOException, InterruptedException {
        String id = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        String where = gateways.connect(id);
        double load = Meter.load();
        Run run = gateways.run("b" + id + "r");
        buildMembers(run);
        List<String> problems = new ArrayList<>();

        long joinStart = System.nanoTime();
        Usage.Sample before = usage.sample(joinStart);
        loops.forEach(Loop::prepare);
        buildFlights(run);
        loops.forEach(Loop::start);
        await(() -> sum(Loop::ready) + sum(Loop::failed) >= plan.members(), TimeUnit.MINUTES.toNanos(10));
        int joined = (int) sum(Loop::ready);
        Usage.Sample after = usage.sample(System.nanoTime());
        double joinSeconds = (after.at() - joinStart) / 1e9;
        if (joined < plan.members()) {
            problems.add((plan.members() - joined) + " of " + plan.members() + " members did not join");
        }

        Result.Chat chat = null;
        if (plan.scenario() == Plan.Scenario.FANOUT && joined == plan.members() && !senders.isEmpty()) {
            long measureFrom = System.nanoTime() + (long) (plan.warmupSeconds() * 1e9);
            long stop = measureFrom + (long) (plan.seconds() * 1e9);
            run.measureFrom(measureFrom);
            run.sending(true);
            loops.forEach(Loop::startSending);
            await(() -> System.nanoTime() >= measureFrom || sum(Loop::failed) > 0, TimeUnit.HOURS.toNanos(2));
            before = usage.sample(System.nanoTime());
            await(() -> System.nanoTime() >= stop || sum(Loop::failed) > 0, TimeUnit.HOURS.toNanos(2));
            after = usage.sample(System.nanoTime());
            run.sending(false);
            quiesce();
            long expected = tally.expected();
            await(() -> sum(Loop::delivered) >= expected || sum(Loop::failed) > 0, DRAIN);
            Result.Memory memory = usage.memory();
            stopLoops();
            chat = tally.chat(expected, measureFrom, problems);
            return tally.result(where, load, tally.join(joined, joinSeconds), chat, Usage.cpu(before, after), memory,
                    problems);
        }
        Result.Memory memory = usage.memory();
        stopLoops();
        return tally.result(where, load, tally.join(joined, joinSeconds), null, Usage.cpu(before, after), memory,
                problems);
    }

    /** Spreads the members over the loops (and so over transports, rooms and nodes), marking the senders. */
    private void buildMembers(Run run) throws IOException {
        for (int i = 0; i < plan.loops(); i++) {
            loops.add(new Loop(run, i, Math.max(1, plan.joinParallel() / plan.loops())));
        }
        int[] nodes = plan.nodeOfMembers();
        int[] senderOf = new int[plan.members()]; // not in member order when there are several rooms
        Arrays.fill(senderOf, -1);
        for (int s = 0; s < plan.senders(); s++) {
            senderOf[plan.memberOfSender(s)] = s;
        }
        for (int m = 0; m < plan.members(); m++) {
            Loop loop = loops.get(m % loops.size());
            Conn conn = switch (plan.transportOf(m)) {
                case TCP -> new LineConn(loop, plan.roomOf(m), nodes[m], plan.senders());
                case WS -> new WsConn(loop, plan.roomOf(m), nodes[m], plan.senders());
                case UDP -> new DatagramConn(loop, plan.roomOf(m), nodes[m], plan.senders());
            };
            if (senderOf[m] >= 0) {
                conn.sender = senderOf[m];
                senders.add(conn);
            }
            loop.add(conn);
        }
        if (senders.size() != plan.senders()) {
            throw new IllegalStateException("planned " + plan.senders() + " senders but made " + senders.size());
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
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("a bench loop did not answer within 10 s", e);
        }
    }

    private long sum(ToLongFunction<Loop> counter) {
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
        gateways.close();
    }
}
