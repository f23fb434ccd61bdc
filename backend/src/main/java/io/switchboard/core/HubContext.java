package io.switchboard.core;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every role of the hub shares: its limits, clock, stores, the cluster link, counters, and
 * the small helpers they all use to word and bound what they say. Holds no membership state
 * (that is {@link Directory}'s) and takes no lock.
 */
final class HubContext {
    final HubLimits limits;
    final Executor executor;
    final Clock clock;
    final History history;
    final Backplane backplane;
    final Stats stats = new Stats();
    /** Numbers chat and private messages: what clients see as an event's id. */
    final AtomicLong chatIds;
    /** Numbers members: unique per node (a cluster keys members by node and id). */
    final AtomicLong memberIds;

    HubContext(HubLimits limits, Executor executor, Clock clock, History history, Backplane backplane) {
        this.limits = limits;
        this.executor = executor;
        this.clock = clock;
        this.history = history;
        this.backplane = backplane;
        // Both rise across restarts: a restarted node's ids must not meet its old ones.
        long base = Math.max(history.lastId(), backplane.idBase());
        this.chatIds = new AtomicLong(base);
        this.memberIds = new AtomicLong(base);
    }

    String node() {
        return backplane.node();
    }

    Instant now() {
        return clock.instant();
    }

    Event.Notice notice(String text) {
        return new Event.Notice(text, now());
    }

    Event.Error error(String text) {
        return new Event.Error(text, now());
    }

    /** Sends one event to one member. */
    void tell(Member member, Event event) {
        member.deliver(new Envelope(event));
    }

    /** A message within its limits: lines, then bytes. */
    String bounded(String text) {
        return Sanitize.limitBytes(Sanitize.limitLines(text, limits.maxLines()), limits.maxBytes());
    }

    static String oneLine(String text) {
        return text.replace('\n', ' ');
    }

    String roomCapProblem() {
        return "the server has its maximum of " + limits.maxRooms() + " rooms; join one that exists (/rooms lists them)";
    }
}
