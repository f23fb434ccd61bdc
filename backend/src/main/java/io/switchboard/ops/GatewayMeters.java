package io.switchboard.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.config.RelayTarget;
import io.switchboard.core.Hub;
import io.switchboard.core.Stats;
import io.switchboard.relay.RelayRegistry;
import io.switchboard.relay.RelayStats;
import io.switchboard.security.Refusals;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/** The {@code switchboard_*} series: members, traffic, refusals, relay, history and cluster. */
final class GatewayMeters {
    private static final String[] TRANSPORTS = {"tcp", "udp", "ws"};
    // Prometheus-style buckets for a delivery: from a fast loopback write to a member about to be dropped.
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofNanos(100_000), Duration.ofNanos(250_000),
        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final RelayRegistry relays;
    private final Set<String> closeCodes = ConcurrentHashMap.newKeySet(); // "target code" pairs registered so far

    GatewayMeters(MeterRegistry registry, Hub hub, RelayRegistry relays, Refusals refusals, LongSupplier linkLosses) {
        this.registry = registry;
        this.relays = relays;
        members(hub);
        traffic(hub.stats());
        refusals(refusals);
        relay();
        Gauge.builder("switchboard.history.lag", hub, h -> h.history().lag())
                .description("Messages recorded but not yet stored").register(registry);
        FunctionCounter.builder("switchboard.history.dropped", hub, h -> h.history().dropped())
                .description("Messages the history store could not keep").register(registry);
        if (!hub.node().isEmpty()) {
            Gauge.builder("switchboard.cluster.degraded", hub, h -> h.degraded() ? 1 : 0)
                    .description("1 while this node cannot reach the cluster's Redis").register(registry);
            FunctionCounter.builder("switchboard.cluster.link.losses", linkLosses, LongSupplier::getAsLong)
                    .description("Times this node lost its link to Redis").register(registry);
        }
    }

    private void members(Hub hub) {
        for (String transport : TRANSPORTS) {
            Gauge.builder("switchboard.members", hub, h -> h.membersByTransport().getOrDefault(transport, 0))
                    .description("Connected members").tag("transport", transport).register(registry);
        }
        Gauge.builder("switchboard.rooms", hub, h -> h.rooms().size()).description("Rooms with members")
                .register(registry);
        Gauge.builder("switchboard.outbox.pending", hub, Hub::pending)
                .description("Payloads waiting in members' outboxes").register(registry);
    }

    private void traffic(Stats stats) {
        FunctionCounter.builder("switchboard.messages.in", stats, Stats::messagesIn)
                .description("Messages accepted from members and the API").register(registry);
        FunctionCounter.builder("switchboard.deliveries", stats, Stats::deliveries)
                .description("Payloads written to members").register(registry);
        FunctionCounter.builder("switchboard.sent", stats, Stats::bytesOut)
                .description("Bytes written to members").baseUnit("bytes").register(registry);
        dropped(stats, "too_slow", Stats::droppedSlow);
        dropped(stats, "flooding", Stats::droppedFlooding);
        dropped(stats, "connection_lost", Stats::droppedLost);
        FunctionCounter.builder("switchboard.throttled", stats, Stats::throttledMessages)
                .description("Requests refused by a rate limit").tag("reason", "message_rate").register(registry);
        Timer latency = Timer.builder("switchboard.delivery.latency")
                .description("From a payload's enqueueing to the end of its write, per written batch (its oldest payload)")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        stats.recordWaits(nanos -> latency.record(nanos, TimeUnit.NANOSECONDS));
    }

    private void dropped(Stats stats, String reason, java.util.function.ToDoubleFunction<Stats> count) {
        FunctionCounter.builder("switchboard.members.dropped", stats, count)
                .description("Members disconnected by the server").tag("reason", reason).register(registry);
    }

    private void refusals(Refusals refusals) {
        for (Refusals.Connection why : Refusals.Connection.values()) {
            FunctionCounter.builder("switchboard.connections.refused", refusals, r -> r.refusedConnections(why))
                    .description("Connections and datagram members refused at a cap")
                    .tag("reason", Refusals.label(why)).register(registry);
        }
        for (Refusals.AuthFailure how : Refusals.AuthFailure.values()) {
            FunctionCounter.builder("switchboard.auth.failures", refusals, r -> r.failedAuthentications(how))
                    .description("Failed authentications").tag("way", how.way()).tag("reason", how.reason())
                    .register(registry);
        }
        FunctionCounter.builder("switchboard.throttled", refusals, Refusals::loginsThrottled)
                .description("Requests refused by a rate limit").tag("reason", "login").register(registry);
        for (Refusals.UdpDrop why : Refusals.UdpDrop.values()) {
            FunctionCounter.builder("switchboard.udp.dropped", refusals, r -> r.droppedDatagrams(why))
                    .description("Datagrams dropped unhandled").tag("reason", Refusals.label(why)).register(registry);
        }
    }

    private void relay() {
        for (RelayTarget target : relays.targets()) {
            String name = target.name();
            Gauge.builder("switchboard.relay.sessions", relays, r -> relay(r, name).active())
                    .description("Relay sessions open").tag("target", name).register(registry);
            FunctionCounter.builder("switchboard.relay.refused", relays, r -> relay(r, name).refused())
                    .description("Relay sessions refused at a cap").tag("target", name).register(registry);
            FunctionCounter.builder("switchboard.relay", relays, r -> relay(r, name).bytesUp())
                    .description("Bytes relayed").baseUnit("bytes").tag("target", name).tag("direction", "upstream")
                    .register(registry);
            FunctionCounter.builder("switchboard.relay", relays, r -> relay(r, name).bytesDown())
                    .description("Bytes relayed").baseUnit("bytes").tag("target", name).tag("direction", "downstream")
                    .register(registry);
        }
    }

    /** Registers a counter for each relay close code seen since the last scrape (codes are not known ahead). */
    void refresh() {
        for (RelayStats stats : relays.stats()) {
            for (String code : stats.closes().keySet()) {
                if (closeCodes.add(stats.name() + " " + code)) {
                    String name = stats.name();
                    FunctionCounter.builder("switchboard.relay.closes", relays,
                            r -> relay(r, name).closes().getOrDefault(code, 0L))
                            .description("Relay sessions ended, by WebSocket close code").tag("target", name)
                            .tag("code", code).register(registry);
                }
            }
        }
    }

    private static RelayStats relay(RelayRegistry relays, String name) {
        return relays.stats(name).orElseThrow();
    }
}
