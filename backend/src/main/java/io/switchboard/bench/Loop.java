package io.switchboard.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * One bench thread: a selector that carries its share of the members of every transport,
 * starts their joins (a bounded number at a time), paces its senders and counts what arrives.
 * Counters live on this thread; the coordinator reads them through a few volatile fields and,
 * after {@link #stop}, directly.
 */
final class Loop implements Runnable {
    private static final long MAX_LATENCY = TimeUnit.MINUTES.toNanos(1);

    final Run run;
    final Selector selector;
    final Probe probe = new Probe();
    final Histogram latency = new Histogram(MAX_LATENCY, 3);
    final Histogram joins = new Histogram(TimeUnit.MINUTES.toNanos(10), 3);
    final List<Conn> conns = new ArrayList<>();
    long now = System.nanoTime();

    private final Thread thread;
    private final JoinQueue joinQueue;
    private final List<Conn> senders = new ArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private int[] membersInRoom;  // this loop's members per room
    private int[][] arrivals;     // per sender and window slot: this loop's members that have the message
    private volatile boolean running = true;

    // Owned by this thread; published below for the coordinator.
    private long delivered;
    private long measured;
    private long lastDelivery;
    private int ready;
    private int failed;
    private volatile long deliveredSeen;
    private volatile int readySeen;
    private volatile int failedSeen;

    Loop(Run run, int id, int parallel) throws IOException {
        this.run = run;
        this.joinQueue = new JoinQueue(parallel);
        this.selector = Selector.open();
        this.thread = new Thread(this, "bench-loop-" + id);
        thread.setDaemon(true);
    }

    /** Adds a member before {@link #start}; it joins when its turn comes. */
    void add(Conn conn) {
        conns.add(conn);
        joinQueue.add(conn);
        if (conn.sender >= 0) {
            senders.add(conn);
        }
    }

    /** Counts this loop's members per room, before {@link #start}. */
    void prepare() {
        membersInRoom = new int[run.plan().rooms()];
        for (Conn conn : conns) {
            membersInRoom[conn.room]++;
        }
        arrivals = new int[run.plan().senders()][run.window()];
    }

    void start() {
        thread.start();
    }

    /** True when this loop carries a member of {@code room}; valid after {@link #prepare}. */
    boolean carries(int room) {
        return membersInRoom[room] > 0;
    }

    /**
     * A member here received message {@code seq} of {@code sender}: counted locally, and the
     * sender's flight hears once per loop, when all of this loop's members of the room have it.
     */
    void arrived(int sender, int seq) {
        int[] slots = arrivals[sender];
        int slot = seq % slots.length;
        if (++slots[slot] == membersInRoom[run.flightRoom(sender)]) {
            slots[slot] = 0;
            run.flight(sender).received(seq, this);
        }
    }

    /** Runs {@code task} on this loop's thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Senders start: at full speed each fills its window; at a rate, their schedules are staggered. */
    void startSending() {
        execute(() -> {
            long interval = run.interval();
            for (int i = 0; i < senders.size(); i++) {
                Conn s = senders.get(i);
                s.nextDue = now + interval * i / Math.max(1, senders.size());
                try {
                    if (run.fullSpeed()) {
                        s.sendWhileOpen(now);
                    }
                    s.flush();
                } catch (IOException e) {
                    s.fail(e.toString());
                }
            }
        });
    }

    int ready() {
        return readySeen;
    }

    int failed() {
        return failedSeen;
    }

    long delivered() {
        return deliveredSeen;
    }

    /** Deliveries of measured probes (sent after the warm-up), and when the last one arrived; after {@link #stop}. */
    long measured() {
        return measured;
    }

    long lastDelivery() {
        return lastDelivery;
    }

    /** CPU time this thread has used; only while it runs. */
    long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getThreadCpuTime(thread.getId());
    }

    /** Stops the loop and closes its connections; counters may be read directly afterwards. */
    void stop() throws InterruptedException {
        if (!running) {
            return;
        }
        running = false;
        selector.wakeup();
        if (thread.isAlive()) {
            thread.join(10_000);
        }
    }

    /** A read buffer with room for at least {@code bytes}, cleared; shared by every member of this loop. */
    ByteBuffer buffer(int bytes) {
        if (buffer.capacity() < bytes) {
            buffer = ByteBuffer.allocate(Integer.highestOneBit(bytes) * 2);
        }
        buffer.clear();
        return buffer;
    }

    void delivered(long sentAt) {
        delivered++;
        lastDelivery = now;
        if (sentAt >= run.measureFrom()) {
            measured++;
            latency.recordValue(Math.max(0, Math.min(now - sentAt, MAX_LATENCY)));
        }
    }

    void joined(Conn conn) {
        ready++;
        joins.recordValue(Math.min(now - conn.joinStarted, joins.getHighestTrackableValue()));
    }

    void failed(Conn conn) {
        failed++;
    }

    @Override
    public void run() {
        try {
            while (running) {
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                now = System.nanoTime();
                long wait = joinQueue.admit(now);
                wait = Math.min(wait, pace(now));
                if (wait <= 0) {
                    selector.selectNow();
                } else {
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key);
                }
                selector.selectedKeys().clear();
                deliveredSeen = delivered;
                readySeen = ready;
                failedSeen = failed;
            }
        } catch (IOException | RuntimeException e) {
            failed = conns.size(); // a broken selector ends the run; the coordinator sees every member failed
            failedSeen = failed;
        } finally {
            for (Conn conn : conns) {
                conn.close();
            }
            try {
                selector.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void handle(SelectionKey key) {
        Conn conn = (Conn) key.attachment();
        try {
            if (!key.isValid()) {
                return;
            }
            if (key.isConnectable()) {
                conn.finishConnect();
            } else {
                if (key.isReadable()) {
                    conn.readable();
                }
                if (key.isValid() && key.isWritable()) {
                    conn.flush();
                }
            }
        } catch (IOException | RuntimeException e) {
            conn.fail(e.toString());
        }
    }

    /** Sends what is due at the planned rate; nanos to the next due message. */
    private long pace(long now) {
        if (run.fullSpeed() || !run.sending() || senders.isEmpty()) {
            return TimeUnit.MILLISECONDS.toNanos(100);
        }
        long interval = run.interval();
        long next = Long.MAX_VALUE;
        for (Conn s : senders) {
            if (s.failed) {
                continue;
            }
            try {
                s.sendDue(now, interval);
                s.flush();
            } catch (IOException e) {
                s.fail(e.toString());
            }
            if (s.inflight < run.window()) {
                next = Math.min(next, s.nextDue); // a full window waits for an echo, which wakes the selector
            }
        }
        return next == Long.MAX_VALUE ? TimeUnit.MILLISECONDS.toNanos(100) : next - now;
    }
}
