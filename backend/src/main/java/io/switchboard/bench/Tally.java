package io.switchboard.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Adds up what the loops and senders of a run counted into its {@link Result}: joins, deliveries
 * owed and made, loss, duplicates, order, latency and errors. Reads the counters directly, so
 * only once the loops have quiesced or stopped.
 */
final class Tally {
    private final Plan plan;
    private final List<Loop> loops;
    private final List<Conn> senders;

    /** The lists are read as they are when counted, so they may still be filled after this is made. */
    Tally(Plan plan, List<Loop> loops, List<Conn> senders) {
        this.plan = plan;
        this.loops = loops;
        this.senders = senders;
    }

    /** Sent messages per room (all counts are final after the loops quiesce). */
    private long[] sentPerRoom() {
        long[] perRoom = new long[plan.rooms()];
        for (Conn s : senders) {
            perRoom[s.room] += s.sent;
        }
        return perRoom;
    }

    /** Deliveries owed: every member gets every message sent to its room, its own included. */
    long expected() {
        long[] perRoom = sentPerRoom();
        long expected = 0;
        for (Loop loop : loops) {
            for (Conn c : loop.conns) {
                expected += perRoom[c.room];
            }
        }
        return expected;
    }

    /**
     * The chat phase: deliveries against {@code expected}, rates from {@code measureFrom}; loss,
     * duplicates and (but over UDP) disorder go to {@code problems}.
     */
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
                sentMeasured / plan.seconds(), Result.Latency.of(latency), lag, refused, 0);
    }

    /** The join phase: {@code joined} members in {@code seconds}, with every loop's join times. */
    Result.Join join(int joined, double seconds) {
        Histogram joins = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
        loops.forEach(loop -> joins.add(loop.joins));
        return new Result.Join(plan.members(), joined, plan.members() - joined, seconds, joined / seconds,
                Result.Latency.of(joins));
    }

    /** The whole result, with every member's errors counted (and the first named) in {@code problems}. */
    Result result(String where, double load, Result.Join join, Result.Chat chat, Result.Cpu cpu,
            Result.Memory memory, List<String> problems) {
        int errors = 0;
        String first = null;
        for (Loop loop : loops) {
            for (Conn c : loop.conns) {
                errors += c.errors;
                first = first == null ? c.firstError : first;
            }
        }
        if (errors > 0) {
            problems.add(errors + " errors, the first: " + first);
        }
        Result.Chat withErrors = chat == null ? null : new Result.Chat(chat.sent(), chat.expected(), chat.delivered(),
                chat.missing(), chat.extra(), chat.reordered(), chat.seconds(), chat.deliveriesPerSecond(),
                chat.messagesPerSecond(), chat.latency(), chat.senderLagMaxMs(), chat.refusedDatagrams(), errors);
        return new Result(plan.describe(), where, plan.nodes(), Runtime.version().toString(),
                Runtime.getRuntime().availableProcessors(), load, join, withErrors, cpu, memory, List.copyOf(problems));
    }
}
