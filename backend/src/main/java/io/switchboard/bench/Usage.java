package io.switchboard.bench;

import java.util.List;

/**
 * CPU and memory of one run: the bench's loops, the gateway's (every node's, in this JVM or in
 * the given processes) and Redis's, when they can be known (-1 when not).
 */
final class Usage {
    private final Plan plan;
    private final List<Loop> loops;
    private final Gateways gateways;

    /** {@code loops} is read as it is at each sample, so it may still be filled after this is made. */
    Usage(Plan plan, List<Loop> loops, Gateways gateways) {
        this.plan = plan;
        this.loops = loops;
        this.gateways = gateways;
    }

    /**
     * CPU time at one instant: the bench's loops, the gateway's (every node's) and Redis's when
     * they can be known.
     */
    record Sample(long at, long benchCpu, long gatewayCpu, long redisCpu) { }

    Sample sample(long at) {
        long bench = 0;
        for (Loop loop : loops) {
            bench += Math.max(0, loop.cpuNanos());
        }
        long gatewayCpu = -1;
        if (gateways.inProcess()) {
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

    /** Cores used on average between two samples. */
    static Result.Cpu cpu(Sample before, Sample after) {
        double wall = Math.max(1e-9, (after.at - before.at) / 1e9);
        boolean known = before.gatewayCpu >= 0 && after.gatewayCpu >= 0;
        boolean redis = before.redisCpu >= 0 && after.redisCpu >= 0;
        return new Result.Cpu(wall, (after.benchCpu - before.benchCpu) / 1e9 / wall,
                known ? (after.gatewayCpu - before.gatewayCpu) / 1e9 / wall : -1,
                redis ? (after.redisCpu - before.redisCpu) / 1e9 / wall : -1);
    }

    /** The gateway's memory: this JVM's in process, else the given processes' together. */
    Result.Memory memory() {
        List<String> pids = gateways.inProcess() ? List.of("self")
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
}
