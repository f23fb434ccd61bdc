package io.switchboard.bench;

import io.switchboard.Gateway;
import io.switchboard.config.ClusterSettings;
import io.switchboard.config.Settings;
import io.switchboard.runtime.Threads;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway nodes one run drives: started here through the public start API ({@link Gateway},
 * {@link Settings}) for an in-process run, one or a cluster's nodes, else running elsewhere.
 * Gives their addresses and describes them for the report; closes what it started.
 */
final class Gateways implements AutoCloseable {
    private final Plan plan;
    private final List<Gateway> started = new ArrayList<>();

    Gateways(Plan plan) {
        this.plan = plan;
    }

    /**
     * The settings of an in-process gateway: free ports, history in memory, limits raised to carry
     * the load; in a cluster ({@code cluster} not {@link ClusterSettings#NONE}) the rooms' Redis
     * streams are the history instead.
     */
    private static Settings inProcessSettings(Plan plan, ClusterSettings cluster) {
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
    private static ClusterSettings clusterNode(String uri, String run, int index) {
        return ClusterSettings.parse(uri, "bench-" + run + "-" + (index + 1), Duration.ofSeconds(5), 10_000);
    }

    /** Starts the in-process gateway or nodes if planned; describes the target. */
    String connect(String run) {
        Plan.Target target = plan.target();
        if (target.inProcess()) {
            if (target.cluster() == null) {
                started.add(start(inProcessSettings(plan, ClusterSettings.NONE)));
                return "in process (" + Threads.describe() + ")";
            }
            ClusterSettings first = null;
            for (int n = 0; n < plan.nodes(); n++) {
                ClusterSettings node = clusterNode(target.cluster(), run, n);
                first = first == null ? node : first;
                started.add(start(inProcessSettings(plan, node)));
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

    /** True when the gateways run in this JVM (so its CPU and memory are theirs too). */
    boolean inProcess() {
        return !started.isEmpty();
    }

    /** What every loop of the run shares, with each node's addresses in node order; after {@link #connect}. */
    Run run(String roomPrefix) {
        List<InetSocketAddress> tcp = new ArrayList<>();
        List<InetSocketAddress> http = new ArrayList<>();
        List<InetSocketAddress> udp = new ArrayList<>();
        for (int n = 0; n < plan.nodes(); n++) {
            Plan.Target.Node node = plan.target().nodes().get(n);
            Gateway g = started.isEmpty() ? null : started.get(n);
            tcp.add(address(node.host(), g == null ? node.tcpPort() : g.tcpPort()));
            http.add(address(node.host(), g == null ? node.httpPort() : g.httpPort()));
            udp.add(address(node.host(), g == null ? node.udpPort() : g.udpPort()));
        }
        return new Run(plan, tcp, http, udp, roomPrefix);
    }

    /** Closes the gateways started here, the last started first. */
    @Override
    public void close() {
        for (int n = started.size() - 1; n >= 0; n--) {
            started.get(n).close();
        }
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
        return new InetSocketAddress(started.isEmpty() ? host : "127.0.0.1", port);
    }
}
