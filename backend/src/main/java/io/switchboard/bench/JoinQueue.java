package io.switchboard.bench;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@link Loop}'s joins: at most {@code --join-parallel} (shared out over the loops) in
 * flight, lost datagram joins asked again, stuck ones failed. Runs on the loop's thread only.
 */
final class JoinQueue {
    private static final long JOIN_TIMEOUT = TimeUnit.SECONDS.toNanos(30);
    private static final long JOIN_RETRY = TimeUnit.SECONDS.toNanos(1);

    private final int parallel;
    private final ArrayDeque<Conn> toJoin = new ArrayDeque<>();
    private final List<Conn> joining = new ArrayList<>();

    JoinQueue(int parallel) {
        this.parallel = parallel;
    }

    /** Queues a member; it joins when its turn comes. */
    void add(Conn conn) {
        toJoin.add(conn);
    }

    /**
     * Starts joins up to the parallel limit, retries lost datagram joins, times out stuck ones;
     * nanos to the next check.
     */
    long admit(long now) {
        if (toJoin.isEmpty() && joining.isEmpty()) {
            return Long.MAX_VALUE;
        }
        joining.removeIf(c -> c.ready || c.failed);
        while (joining.size() < parallel && !toJoin.isEmpty()) {
            Conn conn = toJoin.poll();
            conn.joinStarted = now;
            conn.joinRetryAt = now + JOIN_RETRY;
            joining.add(conn);
            try {
                conn.open();
            } catch (IOException e) {
                conn.fail("cannot connect: " + e);
            }
        }
        for (Conn conn : joining) {
            if (now - conn.joinStarted > JOIN_TIMEOUT) {
                conn.fail("not admitted within " + TimeUnit.NANOSECONDS.toSeconds(JOIN_TIMEOUT) + " s");
            } else if (conn instanceof DatagramConn && now >= conn.joinRetryAt) {
                conn.joinRetryAt = now + JOIN_RETRY;
                try {
                    conn.connected(); // a datagram was lost: ask again (joining twice is harmless)
                } catch (IOException e) {
                    conn.fail(e.toString());
                }
            }
        }
        return TimeUnit.MILLISECONDS.toNanos(20);
    }
}
