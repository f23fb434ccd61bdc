package io.switchboard.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.switchboard.core.Hub;
import io.switchboard.relay.RelayRegistry;
import io.switchboard.security.Refusals;
import java.util.function.LongSupplier;

/**
 * The gateway's numbers in Prometheus text format: its own series ({@link GatewayMeters}), the
 * build, readiness, and Micrometer's JVM and process binders. Gauges and counters are read
 * from the components' own counters at scrape time, so the message path pays nothing for them.
 */
public final class Metrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private GatewayMeters gateway; // set by watch, before anything serves

    /**
     * The registry with the build, readiness and the JVM's and process's meters: what needs no gateway part,
     * so it can be made while the stores open.
     */
    public Metrics(Readiness readiness) {
        Gauge.builder("switchboard.build.info", () -> 1).description("The running build: version and commit")
                .tag("version", Build.version()).tag("commit", Build.commit()).register(registry);
        Gauge.builder("switchboard.ready", readiness, r -> r.state() == Readiness.State.READY ? 1 : 0)
                .description("1 while /readyz says ready (0 while starting or draining)").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        gc.bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /**
     * Adds the meters of this gateway's parts; {@code linkLosses} is null on a single node. Starts recording
     * delivery waits into the hub's outboxes. Called once, before any listener starts.
     */
    public void watch(Hub hub, RelayRegistry relays, Refusals refusals, LongSupplier linkLosses) {
        gateway = new GatewayMeters(registry, hub, relays, refusals, linkLosses);
    }

    /** The current values, in the Prometheus text exposition format. */
    public String scrape() {
        gateway.refresh();
        return registry.scrape();
    }

    /** Stops listening for GC notifications. */
    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
