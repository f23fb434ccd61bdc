package io.switchboard.bench;

import java.net.InetSocketAddress;

/** What every loop of one run shares: where to connect, the room names, and whether to send and measure. */
final class Run {
    private final Plan plan;
    private final InetSocketAddress tcp;
    private final InetSocketAddress http;
    private final InetSocketAddress udp;
    private final String roomPrefix;
    private Flight[] flights = new Flight[0];
    private int[] flightRooms = new int[0];
    private volatile boolean sending;
    private volatile long measureFrom = Long.MAX_VALUE;

    Run(Plan plan, InetSocketAddress tcp, InetSocketAddress http, InetSocketAddress udp, String roomPrefix) {
        this.plan = plan;
        this.tcp = tcp;
        this.http = http;
        this.udp = udp;
        this.roomPrefix = roomPrefix;
    }

    Plan plan() {
        return plan;
    }

    InetSocketAddress tcp() {
        return tcp;
    }

    InetSocketAddress http() {
        return http;
    }

    InetSocketAddress udp() {
        return udp;
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
