package io.switchboard.bench;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * What every loop of one run shares: where to connect (per gateway node), the room names, and
 * whether to send and measure.
 */
final class Run {
    private final Plan plan;
    private final List<InetSocketAddress> tcp;
    private final List<InetSocketAddress> http;
    private final List<InetSocketAddress> udp;
    private final String roomPrefix;
    private Flight[] flights = new Flight[0];
    private int[] flightRooms = new int[0];
    private volatile boolean sending;
    private volatile long measureFrom = Long.MAX_VALUE;

    /** The address lists hold one address per node, in node order. */
    Run(Plan plan, List<InetSocketAddress> tcp, List<InetSocketAddress> http, List<InetSocketAddress> udp,
            String roomPrefix) {
        this.plan = plan;
        this.tcp = List.copyOf(tcp);
        this.http = List.copyOf(http);
        this.udp = List.copyOf(udp);
        this.roomPrefix = roomPrefix;
    }

    Plan plan() {
        return plan;
    }

    InetSocketAddress tcp(int node) {
        return tcp.get(node);
    }

    InetSocketAddress http(int node) {
        return http.get(node);
    }

    InetSocketAddress udp(int node) {
        return udp.get(node);
    }

    /** Room names are fresh for every run, so no history of an earlier run is replayed into this one. */
    String roomName(int room) {
        return roomPrefix + room;
    }

    int window() {
        return plan.window();
    }

    int size() {
        return plan.size();
    }

    boolean fullSpeed() {
        return plan.rate() == 0;
    }

    /** Nanoseconds between two messages of one sender at the planned rate. */
    long interval() {
        return plan.rate() == 0 ? 0 : Math.max(1, 1_000_000_000L * plan.senders() / plan.rate());
    }

    /** Sets every sender's flight; before the loops start (their start publishes it). */
    void flights(Flight[] all, int[] rooms) {
        flights = all;
        flightRooms = rooms;
    }

    Flight flight(int sender) {
        return flights[sender];
    }

    /** The room of {@code sender}. */
    int flightRoom(int sender) {
        return flightRooms[sender];
    }

    boolean sending() {
        return sending;
    }

    void sending(boolean on) {
        sending = on;
    }

    /** Probes sent from this instant on count for rate and latency (earlier ones are warm-up). */
    long measureFrom() {
        return measureFrom;
    }

    void measureFrom(long nanos) {
        measureFrom = nanos;
    }
}
