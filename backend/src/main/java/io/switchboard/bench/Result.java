package io.switchboard.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What a bench run measured, for people ({@link #text}) and programs ({@link #json}).
 *
 * @param plan      the run in one line
 * @param gateway   which gateway: in process (with its thread model and Java, and the cluster's Redis) or external
 * @param nodes     gateway nodes the members were spread over
 * @param java      the bench's Java runtime
 * @param cores     available processors (bench and gateway share them when both run here)
 * @param load      the one-minute load average when the run started (others' work skews figures)
 * @param join      the join phase
 * @param chat      the chat phase, null for a join storm
 * @param cpu       CPU used while measuring
 * @param memory    the gateway's memory, when it can be read
 * @param problems  loss, errors, failed joins: a run with any is not a valid figure
 */
record Result(String plan, String gateway, int nodes, String java, int cores, double load, Join join, Chat chat, Cpu cpu,
        Memory memory, List<String> problems) {

    /** Members joining: how many, how fast, and how long each took from connect to being in its room. */
    record Join(int members, int joined, int failed, double seconds, double perSecond, Latency latency) { }

    /**
     * The chat phase. {@code missing} counts deliveries that never came (every member of a room
     * must get every message sent to it); {@code reordered} counts probes that arrived out of a
     * sender's order (legal only for UDP).
     */
    record Chat(long sent, long expected, long delivered, long missing, long extra, long reordered, double seconds,
            double deliveriesPerSecond, double messagesPerSecond, Latency latency, double senderLagMaxMs,
            long refusedDatagrams, int errorLines) { }

    /** How many were measured, and percentiles in microseconds. */
    record Latency(long count, double p50Micros, double p99Micros, double p999Micros, double maxMicros) {
        static Latency of(Histogram h) {
            return new Latency(h.getTotalCount(), us(h.getValueAtPercentile(50)), us(h.getValueAtPercentile(99)),
                    us(h.getValueAtPercentile(99.9)), us(h.getMaxValue()));
        }

        private static double us(long nanos) {
            return Math.round(nanos / 100.0) / 10.0;
        }
    }

    /**
     * Cores used while measuring (CPU seconds / wall seconds). {@code gatewayCores} is measured
     * from /proc for external gateways with --pid (every node's together); in process it is the
     * JVM's CPU minus the bench threads', so it includes shared work such as GC, and every node.
     * {@code redisCores} is the Redis server's, with --redis-pid. -1 when unknown.
     */
    record Cpu(double wallSeconds, double benchCores, double gatewayCores, double redisCores) { }

    /**
     * The gateway's resident memory (peak and at the end of the run) and thread count, summed
     * over {@code processes} (external nodes with --pid); -1 if unknown.
     */
    record Memory(long rssPeakMiB, long rssMiB, long threads, int processes) { }

    boolean ok() {
        return problems.isEmpty();
    }

    String json() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    String text() {
        StringBuilder s = new StringBuilder();
        line(s, "bench", plan);
        line(s, "gateway", gateway + "; bench on Java " + java + ", " + cores + " cores, load " + fixed(load, 2));
        line(s, "joined", join.joined() + " of " + join.members() + " in " + fixed(join.seconds(), 2) + " s ("
                + whole(join.perSecond()) + "/s), join latency " + percentiles(join.latency(), true));
        if (chat != null) {
            line(s, "delivered", whole(chat.delivered()) + " of " + whole(chat.expected()) + " expected; missing "
                    + chat.missing() + ", extra " + chat.extra() + ", out of order " + chat.reordered());
            line(s, "rate", whole(chat.deliveriesPerSecond()) + " deliveries/s, " + whole(chat.messagesPerSecond())
                    + " messages/s sent, over " + fixed(chat.seconds(), 2) + " s");
            line(s, "latency", percentiles(chat.latency(), false)
                    + " (send to receipt; one clock, so valid only with bench and gateway on one machine)");
            if (chat.senderLagMaxMs() > 0) {
                line(s, "lag", "senders fell up to " + fixed(chat.senderLagMaxMs(), 1)
                        + " ms behind the planned rate (window full)");
            }
        }
        String perDelivery = chat == null || cpu.gatewayCores() < 0 || chat.deliveriesPerSecond() <= 0 ? ""
                : " (" + fixed(cpu.gatewayCores() / chat.deliveriesPerSecond() * 1e6, 3) + " µs per delivery)";
        line(s, "cpu", fixed(cpu.benchCores(), 2) + " cores bench, "
                + (cpu.gatewayCores() < 0 ? "gateway unknown (give --pid)" : fixed(cpu.gatewayCores(), 2)
                + (nodes > 1 ? " cores gateways" : " cores gateway") + perDelivery)
                + (cpu.redisCores() < 0 ? "" : ", " + fixed(cpu.redisCores(), 2) + " cores redis")
                + ", over " + fixed(cpu.wallSeconds(), 2) + " s");
        if (memory.rssPeakMiB() >= 0) {
            line(s, "memory", (memory.processes() > 1 ? memory.processes() + " gateways' RSS " : "gateway RSS ")
                    + memory.rssMiB() + " MiB (peak " + memory.rssPeakMiB() + " MiB), " + memory.threads() + " threads");
        }
        line(s, "result", ok() ? "ok" : String.join("; ", problems));
        return s.toString();
    }

    private static String percentiles(Latency l, boolean millis) {
        if (l.count() == 0) {
            return "none measured";
        }
        return "p50 " + time(l.p50Micros(), millis) + "  p99 " + time(l.p99Micros(), millis) + "  p99.9 "
                + time(l.p999Micros(), millis) + "  max " + time(l.maxMicros(), millis);
    }

    private static String time(double micros, boolean millis) {
        return millis || micros >= 10_000 ? fixed(micros / 1000, 1) + " ms" : whole(micros) + " µs";
    }

    private static void line(StringBuilder s, String label, String text) {
        s.append(String.format(Locale.ROOT, "%-10s %s%n", label + ":", text));
    }

    private static String fixed(double value, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", value);
    }

    private static String whole(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }
}
