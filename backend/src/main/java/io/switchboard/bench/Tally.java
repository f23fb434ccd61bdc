package io.switchboard.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What a run's loops counted, summed into a {@link Result}: loss per member and sender,
 * latency, join times, and CPU and memory samples. Loop counters are read here only after the
 * loops have stopped; CPU is sampled while they run.
 */
final class Tally {
    private final Plan plan;
    private final List<Loop> loops;
    private final List<Conn> senders;
    private final boolean inProcess;

    Tally(Plan plan, List<Loop> loops, List<Conn> senders, boolean inProcess) {
        this.plan = plan;
        this.loops = loops;
        this.senders = senders;
        this.inProcess = inProcess;
    }

    /** The chat phase: deliveries, loss per member and sender, latency; after the loops stopped. */
    Result.Chat chat(long expected, long measureFrom, List<String> problems) {
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
                sentMeasured / plan.seconds(), Result.Latency.of(latency), lag, refused, errors());
    }

    /** The join phase: how many, how fast, and each member's time from connect to being in its room. */
    Result.Join join(int joined, double seconds) {
        Histogram joins = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        loops.forEach(loop -> joins.add(loop.joins));
        return new Result.Join(plan.members(), joined, plan.members() - joined, seconds, joined / seconds,
                Result.Latency.of(joins));
    }

    /** The whole result; any error line from the gateway or failure of a member is a problem. */
    Result result(String where, double load, Result.Join join, Result.Chat chat, Result.Cpu cpu,
            Result.Memory memory, List<String> problems) {
        int errors = errors();
        if (errors > 0) {
            String first = null;
            for (Loop loop : loops) {
                for (Conn c : loop.conns) {
                    first = first == null ? c.firstError : first;
                }
            }
            problems.add(errors + " errors, the first: " + first);
        }
        return new Result(plan.describe(), where, Runtime.version().toString(),
                Runtime.getRuntime().availableProcessors(), load, join, chat, cpu, memory, List.copyOf(problems));
    }

    private int errors() {
        int errors = 0;
        for (Loop loop : loops) {
            for (Conn c : loop.conns) {
                errors += c.errors;
            }
        }
        return errors;
    }

    /** CPU time at one instant: the bench's loops, and the gateway's when it can be known. */
    record Sample(long at, long benchCpu, long gatewayCpu) { }

    /** CPU used so far, for differences over a phase; while the loops run. */
    Sample sample(long at) {
        long bench = 0;
        for (Loop loop : loops) {
            bench += Math.max(0, loop.cpuNanos());
        }
        long gatewayCpu = -1;
        if (inProcess) {
            gatewayCpu = Meter.processCpu() - bench;
        } else if (plan.target().pid() > 0) {
            gatewayCpu = Meter.processCpu(plan.target().pid());
        }
        return new Sample(at, bench, gatewayCpu);
    }

    /** Cores used between two samples. */
    static Result.Cpu cpu(Sample before, Sample after) {
        double wall = Math.max(1e-9, (after.at() - before.at()) / 1e9);
        boolean known = before.gatewayCpu() >= 0 && after.gatewayCpu() >= 0;
        return new Result.Cpu(wall, (after.benchCpu() - before.benchCpu()) / 1e9 / wall,
                known ? (after.gatewayCpu() - before.gatewayCpu()) / 1e9 / wall : -1);
    }

    /** The gateway's memory now: this JVM in process, else the --pid process, else unknown. */
    Result.Memory memory() {
        String pid = inProcess ? "self" : plan.target().pid() > 0 ? Long.toString(plan.target().pid()) : null;
        if (pid == null) {
            return new Result.Memory(-1, -1, -1);
        }
        return new Result.Memory(Meter.status(pid, "VmHWM") / 1024, Meter.status(pid, "VmRSS") / 1024,
                Meter.status(pid, "Threads"));
    }
}
