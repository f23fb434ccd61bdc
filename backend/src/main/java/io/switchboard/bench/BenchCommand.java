package io.switchboard.bench;

import io.switchboard.Gateway;
import io.switchboard.runtime.EventLoops;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard bench}: drives a gateway with many members and reports deliveries, loss, latency and CPU. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Connects members over TCP, WebSocket, UDP or a mix to a gateway, lets some of them chat,",
            "and reports deliveries/s, loss, latency percentiles and CPU. Latency uses one clock for sending and",
            "receiving, so it is valid only with bench and gateway on one machine. An external gateway needs",
            "limits that let the load through, e.g. --message-rate 1000000 --max-per-address 20000",
            "--udp-rate 1000000 --udp-max-members 20000 --history memory.",
            "Several nodes of a cluster: --in-process --cluster redis://HOST:PORT starts --nodes (2) here, or",
            "--gateway HOST:TCP:HTTP[:UDP] once per running node; members and senders are dealt to the nodes in",
            "turn, and every message must reach every member of its room on every node."})
public final class BenchCommand implements Callable<Integer> {

    @Option(names = "--scenario", defaultValue = "fanout", paramLabel = "NAME",
            description = "fanout (chat to every member of a room), join-storm (joins only), or relay-echo"
                    + " (--members WebSocket sessions to an echo server through /relay, then the same on plain TCP;"
                    + " --in-process only) (default: ${DEFAULT-VALUE}).")
    String scenario;

    @Option(names = "--in-process", description = "Start a gateway in this process on free ports (history in"
            + " memory, message rate raised) instead of driving a running one.")
    boolean inProcess;

    @Option(names = "--io-uring", description = "With --in-process: the gateway's raw sockets on io_uring, as the"
            + " gateway's own --io-uring (epoll where the kernel does not allow it).")
    boolean ioUring;

    @Option(names = "--cluster", paramLabel = "redis://HOST:PORT",
            description = "With --in-process: start --nodes gateway nodes in cluster mode sharing this Redis (use a"
                    + " Redis of its own: the runs' rooms stay in it).")
    String cluster;

    @Option(names = "--nodes", paramLabel = "N",
            description = "Nodes --in-process starts; more than 1 needs --cluster (default: 2 with --cluster, else 1).")
    Integer nodes;

    @Option(names = "--gateway", paramLabel = "HOST:TCP:HTTP[:UDP]",
            description = "A running gateway node, instead of --host and the ports; once per node (UDP defaults to"
                    + " the TCP port number).")
    List<String> gatewayNodes = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "HOST", description = "Gateway address.")
    String host;

    @Option(names = "--tcp-port", defaultValue = "2323", paramLabel = "PORT", description = "Gateway TCP port.")
    int tcpPort;

    @Option(names = "--http-port", defaultValue = "8080", paramLabel = "PORT", description = "Gateway HTTP port.")
    int httpPort;

    @Option(names = "--udp-port", defaultValue = "2323", paramLabel = "PORT", description = "Gateway UDP port.")
    int udpPort;

    @Option(names = "--pid", paramLabel = "PID",
            description = "The external gateway's process id, to report its CPU and memory (Linux /proc); once per"
                    + " node for several (summed).")
    List<Long> pids = new ArrayList<>();

    @Option(names = "--redis-pid", defaultValue = "0", paramLabel = "PID",
            description = "The Redis server's process id, to report its CPU too (Linux /proc).")
    long redisPid;

    @Option(names = "--transport", defaultValue = "tcp", paramLabel = "T",
            description = "tcp, ws, udp, mix (tcp,ws,udp in turn) or a comma list (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--members", defaultValue = "500", paramLabel = "N", description = "Members (default: ${DEFAULT-VALUE}).")
    int members;

    @Option(names = "--senders", defaultValue = "10", paramLabel = "K",
            description = "Members that also send (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--rooms", defaultValue = "1", paramLabel = "R",
            description = "Rooms the members are spread over (default: ${DEFAULT-VALUE}).")
    int rooms;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "MSG/S",
            description = "Messages a second from all senders together; 0 is full speed (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--window", defaultValue = "32", paramLabel = "N",
            description = "Messages one sender may have in flight, that is, not yet received by every member of"
                    + " its room (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--size", defaultValue = "64", paramLabel = "BYTES",
            description = "Chat text per message, 16 to 3000 bytes; for relay-echo, bytes per binary message,"
                    + " 20 to 65535 (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--warmup", defaultValue = "2", paramLabel = "SECONDS",
            description = "Sending before measuring starts (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--seconds", defaultValue = "10", paramLabel = "SECONDS",
            description = "Measured sending time (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--join-parallel", defaultValue = "256", paramLabel = "N",
            description = "Joins in flight at once (default: ${DEFAULT-VALUE}).")
    int joinParallel;

    @Option(names = "--loops", defaultValue = "0", paramLabel = "N",
            description = "Bench threads carrying the members; 0 is one per core (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (ioUring) {
            EventLoops.preferIoUring();
        }
        Plan plan;
        try {
            plan = plan();
        } catch (IllegalArgumentException e) {
            System.err.println("switchboard bench: " + e.getMessage());
            return 2;
        }
        if (plan.scenario() == Plan.Scenario.RELAY_ECHO) {
            try {
                RelayEcho.Result2 echo = RelayEcho.run(plan);
                System.out.print(json ? echo.json() + System.lineSeparator() : echo.text());
                return echo.ok() ? 0 : 1;
            } catch (IllegalArgumentException e) {
                System.err.println("switchboard bench: " + e.getMessage());
                return 2;
            }
        }
        Result result;
        try {
            result = Bench.run(plan);
        } catch (IllegalArgumentException | Gateway.StartupException e) {
            System.err.println("switchboard bench: " + e.getMessage());
            return 2;
        }
        System.out.print(json ? result.json() + System.lineSeparator() : result.text());
        return result.ok() ? 0 : 1;
    }

    Plan plan() {
        Plan.Scenario kind;
        try {
            kind = Plan.Scenario.valueOf(scenario.strip().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--scenario takes fanout, join-storm or relay-echo, not " + scenario);
        }
        int threads = loops > 0 ? loops : Runtime.getRuntime().availableProcessors();
        return new Plan(kind, Transport.cycle(transport), members, kind == Plan.Scenario.FANOUT ? senders : 0, rooms,
                rate, window, size, warmup, seconds, joinParallel, threads, target(kind));
    }

    /** The gateway or gateways, with every combination of options that cannot work refused in one line. */
    private Plan.Target target(Plan.Scenario kind) {
        boolean several = !gatewayNodes.isEmpty() || cluster != null || nodes != null;
        if (kind == Plan.Scenario.RELAY_ECHO && several) {
            throw new IllegalArgumentException("relay-echo runs on one gateway it starts itself: leave out --cluster,"
                    + " --nodes and --gateway");
        }
        if (inProcess) {
            if (!gatewayNodes.isEmpty()) {
                throw new IllegalArgumentException("--gateway names running nodes and --in-process starts its own;"
                        + " give one or the other (in process: --nodes N --cluster redis://HOST:PORT)");
            }
            int count = nodes != null ? nodes : cluster != null ? 2 : 1;
            return Plan.Target.inProcess(count, cluster, redisPid);
        }
        if (nodes != null) {
            throw new IllegalArgumentException("--nodes counts the nodes --in-process starts; for running nodes give"
                    + " --gateway HOST:TCP:HTTP[:UDP] once per node");
        }
        if (gatewayNodes.isEmpty()) {
            return new Plan.Target(false, List.of(new Plan.Target.Node(host, tcpPort, httpPort, udpPort)), cluster,
                    pids, redisPid);
        }
        for (String option : new String[] {"--host", "--tcp-port", "--http-port", "--udp-port"}) {
            if (spec != null && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException("--gateway gives each node's host and ports; leave out " + option);
            }
        }
        List<Plan.Target.Node> list = new ArrayList<>();
        for (String g : gatewayNodes) {
            list.add(Plan.Target.Node.parse(g));
        }
        return new Plan.Target(false, list, cluster, pids, redisPid);
    }
}
