package io.switchboard.relay;

import io.switchboard.config.RelaySettings;
import io.switchboard.config.RelayTarget;
import io.switchboard.runtime.EventLoops;
import io.switchboard.runtime.Threads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The relay's allow-list and everything live behind it: the caps on sessions, each target's
 * counters, and the idle sweep. Creating it starts nothing; {@link #start} starts the timer,
 * {@link #close} ends every session.
 */
public final class RelayRegistry implements AutoCloseable {
    private final RelaySettings settings;
    private final int frameBytes;
    private final Map<String, RelayCounters> counters = new LinkedHashMap<>();
    private final Set<RelaySession> live = ConcurrentHashMap.newKeySet();
    // NIO, so that a browser frame can be written to its upstream socket by the thread that parsed it
    // (DirectWrites); threads start with the first session
    private final EventLoops loops = EventLoops.nio("relay-loop");
    private final ScheduledExecutorService timers = Threads.timer("relay-timer");
    private final RelayContext context;
    private int open; // guarded by this
    private boolean closed; // guarded by this

    /** {@code frameBytes}: the largest WebSocket message either way (--max-frame). */
    public RelayRegistry(RelaySettings settings, int frameBytes) {
        this.settings = settings;
        this.frameBytes = frameBytes;
        this.context = new RelayContext(settings, frameBytes, loops, timers);
        for (RelayTarget target : settings.targets()) {
            counters.put(target.name(), new RelayCounters());
        }
    }

    /** Starts the idle sweep. */
    public synchronized void start() {
        long period = Math.max(20, Math.min(1000, settings.idle().toMillis() / 4));
        timers.scheduleAtFixedRate(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** The allow-list, in the order given. */
    public List<RelayTarget> targets() {
        return settings.targets();
    }

    /** The target called {@code name}, if allow-listed. */
    public Optional<RelayTarget> target(String name) {
        return settings.target(name);
    }

    /** How long a session may stay silent both ways (--relay-idle). */
    public Duration idle() {
        return settings.idle();
    }

    /** The largest message a browser may send to this target (a datagram cannot be larger than 65,507 bytes). */
    public int maxMessageBytes(RelayTarget target) {
        return target.transport() == RelayTarget.Transport.UDP
                ? Math.min(frameBytes, UdpRelaySession.MAX_DATAGRAM) : frameBytes;
    }

    /** Takes a slot and starts a session to {@code target}; refused when a cap is reached. */
    public RelaySession open(RelayTarget target, Mode mode, Downstream downstream) throws RelayRefused {
        RelayCounters count = counters.get(target.name());
        RelaySession session;
        synchronized (this) {
            if (closed) {
                throw new RelayRefused("the server is shutting down");
            }
            if (open >= settings.maxSessions()) {
                count.refused.incrementAndGet();
                throw new RelayRefused("the gateway already relays " + open + " sessions, its limit; try again later");
            }
            if (count.active.get() >= settings.maxPerTarget()) {
                count.refused.incrementAndGet();
                throw new RelayRefused(target.name() + " already has " + count.active.get()
                        + " sessions, its limit; try again later");
            }
            open++;
            count.active.incrementAndGet();
            count.sessions.incrementAndGet();
            RelaySession[] self = new RelaySession[1];
            Runnable onFinish = () -> finished(self[0], count);
            session = target.transport() == RelayTarget.Transport.TCP
                    ? new TcpRelaySession(target, mode, downstream, context, count, onFinish)
                    : new UdpRelaySession(target, mode, downstream, context, count, onFinish);
            self[0] = session;
            live.add(session);
        }
        session.start();
        return session;
    }

    private synchronized void finished(RelaySession session, RelayCounters count) {
        if (live.remove(session)) {
            open--;
            count.active.decrementAndGet();
        }
    }

    /** Every target's counters, in allow-list order. */
    public List<RelayStats> stats() {
        List<RelayStats> all = new ArrayList<>();
        for (RelayTarget target : settings.targets()) {
            all.add(counters.get(target.name()).snapshot(target));
        }
        return all;
    }

    /** One target's counters, if it is allow-listed. */
    public Optional<RelayStats> stats(String name) {
        return target(name).map(t -> counters.get(name).snapshot(t));
    }

    private void sweep() {
        long now = System.nanoTime();
        long idle = settings.idle().toNanos();
        for (RelaySession session : live) {
            session.expireIfIdle(now, idle);
        }
    }

    /** Ends every session (1001 to each browser, upstream closed) and stops the timer. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (RelaySession session : live) {
            session.shutdown("server shutting down");
            sent.add(session.closeSent());
        }
        try {
            // The web server stops right after this: let the 1001 frames go out first (bounded).
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a browser that does not read gets no goodbye
        }
        timers.shutdownNow();
        loops.close();
    }
}
