package io.switchboard.cluster;

import io.switchboard.cluster.Link.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The cluster's writer thread: drains the link's bounded queue of changes into pipelined script
 * calls, so publishing never waits on Redis. Chat it cannot write is delivered on this node.
 */
final class ClusterWriter {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWriter.class);

    private final Link link;

    ClusterWriter(Link link) {
        this.link = link;
    }

    void run() {
        List<Op> batch = new ArrayList<>(Link.BATCH);
        while (!link.closing || !link.outgoing.isEmpty()) {
            try {
                Op first = link.outgoing.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                if (link.closing) {
                    link.outgoing.drainTo(batch); // close() flushes what members said last
                    if (batch.isEmpty()) {
                        return;
                    }
                } else {
                    continue;
                }
            }
            link.outgoing.drainTo(batch, Link.BATCH - batch.size());
            try {
                send(batch);
            } catch (RuntimeException e) {
                // Whatever it was, the writer must live on: these drafts are delivered here.
                LOG.warn("cluster: could not write {} changes", batch.size(), e);
                unsent(batch, true);
            }
            batch.clear();
        }
    }

    private void send(List<Op> batch) {
        if (link.down.get()) {
            unsent(batch, false);
            return;
        }
        List<Response<Object>> replies = new ArrayList<>(batch.size());
        try (Pipeline pipe = link.redis.pipelined()) {
            for (Op op : batch) {
                if (op.draft() != null && link.hereOnly.remove(op.seq())) {
                    replies.add(null); // given up on by its caller: already delivered locally
                } else if (op.draft() == null && op.generation() != link.generation.get()) {
                    replies.add(null); // from before an outage: the resync wrote the state since
                } else {
                    replies.add(pipe.evalsha(link.scripts.sha(op.script()), List.of(), op.args()));
                }
            }
            pipe.sync();
        } catch (JedisException e) {
            link.lost(e);
            unsent(batch, true);
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            Op op = batch.get(i);
            if (replies.get(i) == null) {
                continue;
            }
            try {
                Object reply = replies.get(i).get();
                if (op.draft() != null) {
                    long id = (Long) ((List<?>) reply).get(0);
                    link.highestId.accumulateAndGet(id, Math::max);
                    if (op.done() != null) {
                        op.done().complete(op.draft().withId(id));
                    }
                }
            } catch (JedisDataException e) {
                LOG.warn("cluster: Redis refused {}: {}", op.script(), e.getMessage());
                unsent(List.of(op), false);
            }
        }
    }

    /**
     * What could not be written: chat is delivered on this node; presence is redone on resync.
     * {@code perhaps} when the batch may have reached Redis before the link failed: then the
     * reader must skip these drafts if they turn up in the stream.
     */
    private void unsent(List<Op> batch, boolean perhaps) {
        for (Op op : batch) {
            if (op.draft() == null) {
                continue;
            }
            if (perhaps) {
                link.hereOnly.add(op.seq());
            }
            if (op.done() != null) {
                op.done().complete(null); // the caller delivers it
            } else {
                link.receiver.local(op.draft(), false);
            }
        }
    }
}
