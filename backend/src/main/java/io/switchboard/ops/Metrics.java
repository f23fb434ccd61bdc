package io.switchboard.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.core.Hub;
import io.switchboard.core.Stats;
import io.switchboard.config.RelayTarget;
import io.switchboard.relay.RelayRegistry;
import io.switchboard.relay.RelayStats;

/**
 * The gateway's numbers in Prometheus text format. Everything is read from the hub's own
 * counters at scrape time, so the message path pays nothing for metrics.
 */
public final class Metrics {
    private static final String[] TRANSPORTS = {"tcp", "udp", "ws"};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public Metrics(Hub hub, RelayRegistry relays) {
        Stats stats = hub.stats();
        for (String transport : TRANSPORTS) {
            Gauge.builder("switchboard.members", hub, h -> h.membersByTransport().getOrDefault(transport, 0))
                    .description("Connected members").tag("transport", transport).register(registry);
        }
        Gauge.builder("switchboard.rooms", hub, h -> h.rooms().size()).description("Rooms with members")
                .register(registry);
        FunctionCounter.builder("switchboard.messages.in", stats, Stats::messagesIn)
                .description("Messages accepted from members and the API").register(registry);
        FunctionCounter.builder("switchboard.deliveries", stats, Stats::deliveries)
                .description("Payloads written to members").register(registry);
        FunctionCounter.builder("switchboard.sent", stats, Stats::bytesOut)
                .description("Bytes written to members").baseUnit("bytes").register(registry);
        FunctionCounter.builder("switchboard.members.dropped", stats, Stats::droppedSlow)
                .description("Members disconnected by the server").tag("reason", "too_slow").register(registry);
        FunctionCounter.builder("switchboard.members.dropped", stats, Stats::droppedLost)
                .description("Members disconnected by the server").tag("reason", "connection_lost")
                .register(registry);
        if (!hub.node().isEmpty()) {
            Gauge.builder("switchboard.cluster.degraded", hub, h -> h.degraded() ? 1 : 0)
                    .description("1 while this node cannot reach the cluster's Redis").register(registry);
        }
        Gauge.builder("switchboard.outbox.pending", hub, Hub::pending)
                .description("Payloads waiting in members' outboxes").register(registry);
        Gauge.builder("switchboard.history.lag", hub, h -> h.history().lag())
                .description("Messages recorded but not yet stored").register(registry);
        FunctionCounter.builder("switchboard.history.dropped", hub, h -> h.history().dropped())
                .description("Messages the history store could not keep").register(registry);
        for (RelayTarget target : relays.targets()) {
            String name = target.name();
            Gauge.builder("switchboard.relay.sessions", relays, r -> relay(r, name).active())
                    .description("Relay sessions open").tag("target", name).register(registry);
            FunctionCounter.builder("switchboard.relay.sent", relays, r -> relay(r, name).bytesUp())
                    .description("Bytes relayed to the target").baseUnit("bytes").tag("target", name)
                    .register(registry);
            FunctionCounter.builder("switchboard.relay.received", relays, r -> relay(r, name).bytesDown())
                    .description("Bytes relayed to browsers").baseUnit("bytes").tag("target", name)
                    .register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private static RelayStats relay(RelayRegistry relays, String name) {
        return relays.stats(name).orElseThrow();
    }

    /** The current values, in the Prometheus text exposition format. */
    public String scrape() {
        return registry.scrape();
    }
}
