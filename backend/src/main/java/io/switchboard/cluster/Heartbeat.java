package io.switchboard.cluster;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The cluster's heartbeat thread: says this node is alive (a sorted set of deadlines on Redis's
 * clock), reaps nodes that stopped answering and refreshes the cluster's room list.
 */
final class Heartbeat {
    private final Link link;

    Heartbeat(Link link) {
        this.link = link;
    }

    void run() {
        while (!link.closing) {
            try {
                Thread.sleep(link.settings.beat().toMillis());
            } catch (InterruptedException e) {
                continue;
            }
            if (link.down.get()) {
                continue; // the reader is reconnecting
            }
            try {
                if (beat()) {
                    // This node was taken for dead (a long pause): its members were evicted.
                    link.lost(new JedisException("this node was taken for dead"));
                }
            } catch (JedisException e) {
                link.lost(e);
            }
        }
    }

    /** Says this node is alive, reaps dead nodes and refreshes the room list; true if it had been forgotten. */
    boolean beat() {
        List<?> reply = (List<?>) link.call(Scripts.Name.BEAT, link.node(), Long.toString(link.settings.ttl().toMillis()), link.max());
        List<?> counts = (List<?>) reply.get(1);
        Map<String, Integer> next = new HashMap<>();
        for (int i = 0; i + 1 < counts.size(); i += 2) {
            next.put((String) counts.get(i), Integer.parseInt((String) counts.get(i + 1)));
        }
        link.rooms = Map.copyOf(next);
        return Long.valueOf(1).equals(reply.get(0)) && !link.locals.isEmpty() && !link.down.get();
    }
}
