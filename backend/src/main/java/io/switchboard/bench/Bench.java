package io.switchboard.bench;

import io.switchboard.Gateway;
import io.switchboard.config.ClusterSettings;
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
import org.HdrHistogram.Histogram;

/**
 * Runs one {@link Plan}: starts the gateway (or the cluster's nodes) if it is to run in process,
 * joins every member to its node, lets the senders chat for the planned time, waits (bounded)
 * for every message to reach every member of its room on every node, and reports. Every phase has a deadline; everything the run
 * opened is closed when it returns.
 */
public final class Bench {
    private static final long DRAIN = TimeUnit.SECONDS.toNanos(10);

    private final Plan plan;
    private final List<Loop> loops = new ArrayList<>();
    private final List<Conn> senders = new ArrayList<>();
    private final List<Gateway> gateways = new ArrayList<>();

    private Bench(Plan plan) {
        this.plan = plan;
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

    /**
     * The settings of an in-process gateway: free ports, history in memory, limits raised to carry
     * the load; in a cluster ({@code cluster} not {@link ClusterSettings#NONE}) the rooms' Redis
     * streams are the history instead.
     */
    static Settings inProcessSettings(Plan plan, ClusterSettings cluster) {
        int members = plan.members();
        return Settings.builder().ports(0, 0, 0).history("memory").shutdownGrace(Duration.ofSeconds(2))
                .messageRate(1_000_000)
                .udp(Duration.ofMinutes(10), Math.max(1000, members), 1_000_000)
                .connections(Math.max(10_000, members * 2), Math.max(50, members * 2))
                .maxRooms(Math.max(1000, plan.rooms() + 10))
                .cluster(cluster)
                .logging("info", false) // a line per bench member would drown the figures
                .build();
    }

    /**
     * Node {@code index} of an in-process cluster: the gateway's defaults for --cluster-ttl (5 s)
     * and the stream length (its --history-keep, 10,000), a name no other run uses.
     */
    static ClusterSettings clusterNode(String uri, String run, int index) {
        return ClusterSettings.parse(uri, "bench-" + run + "-" + (index + 1), Duration.ofSeconds(5), 10_000);
    }

    private Result measure() throws IOException, InterruptedException {
        String id = Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
        String where = connectTarget(id);
        double load = Meter.load();
        List<InetSocketAddress> tcp = new ArrayList<>();
        List<InetSocketAddress> http = new ArrayList<>();
        List<InetSocketAddress> udp = new ArrayList<>();
        for (int n = 0; n < plan.nodes(); n++) {
            Plan.Target.Node node = plan.target().nodes().get(n);
            Gateway g = gateways.isEmpty() ? null : gateways.get(n);
            tcp.add(address(node.host(), g == null ? node.tcpPort() : g.tcpPort()));
            http.add(address(node.host(), g == null ? node.httpPort() : g.httpPort()));
            udp.add(address(node.host(), g == null ? node.udpPort() : g.udpPort()));
        }
        Run run = new Run(plan, tcp, http, udp, "b" + id + "r");
        buildMembers(run);
        List<String> problems = new ArrayList<>();

        long joinStart = System.nanoTime();
        Sample before = sample(joinStart);
        loops.forEach(Loop::prepare);
        buildFlights(run);
        loops.forEach(Loop::start);
        await(() -> sum(Loop::ready) + sum(Loop::failed) >= plan.members(), TimeUnit.MINUTES.toNanos(10));
        int joined = (int) sum(Loop::ready);
        Sample after = sample(System.nanoTime());
        double joinSeconds = (after.at - joinStart) / 1e9;
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
            before = sample(System.nanoTime());
            await(() -> System.nanoTime() >= stop || sum(Loop::failed) > 0, TimeUnit.HOURS.toNanos(2));
            after = sample(System.nanoTime());
            run.sending(false);
            quiesce();
            long expected = expected();
            await(() -> sum(Loop::delivered) >= expected || sum(Loop::failed) > 0, DRAIN);
            Result.Memory memory = memory();
            stopLoops();
            chat = chat(expected, measureFrom, problems);
            return result(where, load, joinResult(joined, joinSeconds), chat, cpu(before, after), memory, problems);
        }
        Result.Memory memory = memory();
        stopLoops();
        return result(where, load, joinResult(joined, joinSeconds), null, cpu(before, after), memory, problems);
    }

    /** Starts the in-process gateway or nodes if planned; describes the target. */
    private String connectTarget(String run) {
        Plan.Target target = plan.target();
        if (target.inProcess()) {
            if (target.cluster() == null) {
                gateways.add(start(inProcessSettings(plan, ClusterSettings.NONE)));
                return "in process (" + Threads.describe() + ")";
            }
            ClusterSettings first = null;
            for (int n = 0; n < plan.nodes(); n++) {
                ClusterSettings node = clusterNode(target.cluster(), run, n);
                first = first == null ? node : first;
                gateways.add(start(inProcessSettings(plan, node)));
            }
            String redis = "redis://" + (first.password() == null ? "" : "***@") + first.host() + ":" + first.port()
                    + "/" + first.database(); // never the password
            return "in process, " + plan.nodes() + (plan.nodes() == 1 ? " node" : " nodes") + " sharing " + redis
                    + " (" + Threads.describe() + ")";
        }
        StringBuilder s = new StringBuilder("external");
        for (Plan.Target.Node node : target.nodes()) {
            s.append(s.length() == "external".length() ? " " : "; ").append(node.host()).append(" (tcp ")
                    .append(node.tcpPort()).append(", http ").append(node.httpPort()).append(", udp ")
                    .append(node.udpPort()).append(")");
        }
        if (!target.pids().isEmpty()) {
            s.append(target.pids().size() == 1 ? ", pid " : ", pids ");
            s.append(String.join(" ", target.pids().stream().map(String::valueOf).toList()));
        }
        return s.toString();
    }

    /** Starts a gateway; one that fails to start (Redis unreachable) is released before the failure is thrown. */
    private static Gateway start(Settings settings) {
        Gateway gateway = new Gateway(settings);
        try {
            return gateway.start();
        } catch (RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    private InetSocketAddress address(String host, int port) {
        return new InetSocketAddress(gateways.isEmpty() ? host : "127.0.0.1", port);
    }

    /** Spreads the members over the loops (and so over transports, rooms and nodes), marking the senders. */
    private void buildMembers(Run run) throws IOException {
        for (int i = 0; i < plan.loops(); i++) {
            loops.add(new Loop(run, i, Math.max(1, plan.joinParallel() / plan.loops())));
        }
        int[] nodes = plan.nodeOfMembers();
        int[] senderOf = new int[plan.members()]; // not in member order when there are several rooms
        java.util.Arrays.fill(senderOf, -1);
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

    private Result.Chat chat(long expected, long measureFrom, List<String> problems) {
        Histogram latency = new Histogram(TimeUnit.MINUTES.toNanos(1), 3);
        long delivered = 0;
        long measured = 0;
        long last = measureFrom;
        long missing = 0;
        long extra = 0;
        long reordered = 0;
        long refused = 0;
        for (Loop loop : loops) {
            latency.add(loop.latency);
            delivered += loop.delivered();
            measured += loop.measured();
            last = Math.max(last, loop.lastDelivery());
            for (Conn c : loop.conns) {
                reordered += c.reordered;
                for (Conn s : senders) {
                    if (s.room == c.room) {
                        missing += Math.max(0, s.sent - c.got[s.sender]);
                        extra += Math.max(0, c.got[s.sender] - s.sent);
                    }
                }
                if (c instanceof DatagramConn d) {
                    refused += d.refusedSends;
                }
            }
        }
        long sent = 0;
        long sentMeasured = 0;
        double lag = 0;
        for (Conn s : senders) {
            sent += s.sent;
            sentMeasured += s.sentMeasured;
            lag = Math.max(lag, s.lagMax / 1e6);
        }
        if (missing > 0) {
            problems.add(missing + " deliveries missing (loss)");
        }
        if (extra > 0) {
            problems.add(extra + " deliveries duplicated");
        }
        if (reordered > 0 && !plan.transports().contains(Transport.UDP)) {
            problems.add(reordered + " deliveries out of order");
        }
        double seconds = Math.max(1e-9, (last - measureFrom) / 1e9);
        return new Result.Chat(sent, expected, delivered, missing, extra, reordered, seconds, measured / seconds,
                sentMeasured / plan.seconds(), Result.Latency.of(latency), lag, refused, 0);
    }

    private Result.Join joinResult(int joined, double seconds) {
        Histogram joins = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        loops.forEach(loop -> joins.add(loop.joins));
        return new Result.Join(plan.members(), joined, plan.members() - joined, seconds, joined / seconds,
                Result.Latency.of(joins));
    }

    private Result result(String where, double load, Result.Join join, Result.Chat chat, Result.Cpu cpu,
            Result.Memory memory, List<String> problems) {
        int errors = 0;
        String first = null;
        for (Loop loop : loops) {
            for (Conn c : loop.conns) {
                errors += c.errors;
                first = first == null ? c.firstError : first;
            }
        }
        if (errors > 0) {
            problems.add(errors + " errors, the first: " + first);
        }
        Result.Chat withErrors = chat == null ? null : new Result.Chat(chat.sent(), chat.expected(), chat.delivered(),
                chat.missing(), chat.extra(), chat.reordered(), chat.seconds(), chat.deliveriesPerSecond(),
                chat.messagesPerSecond(), chat.latency(), chat.senderLagMaxMs(), chat.refusedDatagrams(), errors);
        return new Result(plan.describe(), where, plan.nodes(), Runtime.version().toString(),
                Runtime.getRuntime().availableProcessors(), load, join, withErrors, cpu, memory, List.copyOf(problems));
    }

    /**
     * CPU time at one instant: the bench's loops, the gateway's (every node's) and Redis's when
     * they can be known.
     */
    private record Sample(long at, long benchCpu, long gatewayCpu, long redisCpu) { }

    private Sample sample(long at) {
        long bench = 0;
        for (Loop loop : loops) {
            bench += Math.max(0, loop.cpuNanos());
        }
        long gatewayCpu = -1;
        if (!gateways.isEmpty()) {
            gatewayCpu = Meter.processCpu() - bench;
        } else if (!plan.target().pids().isEmpty()) {
            gatewayCpu = 0;
            for (long pid : plan.target().pids()) {
                long cpu = Meter.processCpu(pid);
                gatewayCpu = cpu < 0 || gatewayCpu < 0 ? -1 : gatewayCpu + cpu;
            }
        }
        long redisCpu = plan.target().redisPid() > 0 ? Meter.processCpu(plan.target().redisPid()) : -1;
        return new Sample(at, bench, gatewayCpu, redisCpu);
    }

    private static Result.Cpu cpu(Sample before, Sample after) {
        double wall = Math.max(1e-9, (after.at - before.at) / 1e9);
        boolean known = before.gatewayCpu >= 0 && after.gatewayCpu >= 0;
        boolean redis = before.redisCpu >= 0 && after.redisCpu >= 0;
        return new Result.Cpu(wall, (after.benchCpu - before.benchCpu) / 1e9 / wall,
                known ? (after.gatewayCpu - before.gatewayCpu) / 1e9 / wall : -1,
                redis ? (after.redisCpu - before.redisCpu) / 1e9 / wall : -1);
    }

    /** The gateway's memory: this JVM's in process, else the given processes' together. */
    private Result.Memory memory() {
        List<String> pids = !gateways.isEmpty() ? List.of("self")
                : plan.target().pids().stream().map(String::valueOf).toList();
        if (pids.isEmpty()) {
            return new Result.Memory(-1, -1, -1, 0);
        }
        long peak = 0;
        long rss = 0;
        long threads = 0;
        for (String pid : pids) {
            long[] f = {Meter.status(pid, "VmHWM"), Meter.status(pid, "VmRSS"), Meter.status(pid, "Threads")};
            if (f[0] < 0 || f[1] < 0 || f[2] < 0) {
                return new Result.Memory(-1, -1, -1, 0);
            }
            peak += f[0];
            rss += f[1];
            threads += f[2];
        }
        return new Result.Memory(peak / 1024, rss / 1024, threads, pids.size());
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
        for (int n = gateways.size() - 1; n >= 0; n--) {
            gateways.get(n).close();
        }
    }
}
