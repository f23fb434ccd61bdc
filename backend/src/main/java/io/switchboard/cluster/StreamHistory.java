package io.switchboard.cluster;

import io.switchboard.core.Event;
import io.switchboard.core.History;
import java.util.List;

/**
 * History in cluster mode: the rooms' streams are the record, written when chat is published,
 * so recording here is nothing, and reading goes to the stream (bounded by its MAXLEN).
 * What was said while a node was cut off from Redis stayed on that node and is not here.
 */
final class StreamHistory implements History {
    private final RedisBackplane cluster;

    StreamHistory(RedisBackplane cluster) {
        this.cluster = cluster;
    }

    @Override
    public boolean record(Event event) {
        // Published chat is in the stream already; chat delivered while degraded is not shared
        // (every room was told it is degraded), which is no reason to refuse it.
        return true;
    }

    @Override
    public List<Event> recent(String room, int limit, long before) {
        return cluster.recent(room, limit, before);
    }

    @Override
    public long lastId() {
        return 0; // the cluster numbers chat; this node's own ids start at its id base
    }
}
