package io.switchboard.core;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The core's face to the adapters: they admit members with {@link #join}, pass each line of
 * input to {@link #handle}, and report departures with {@link #leave} or {@link #vanished}. The
 * hub answers only by delivering events to outboxes. Behind it, each role is a class of its own:
 * {@link Directory} (nicks, rooms, membership, the one lock), {@link Admission},
 * {@link CommandHandlers}, {@link Poster} (the API), {@link Departures}; {@link BackplaneEvents}
 * applies what the backplane hands back, which is every chat line on one node as in a cluster.
 */
public final class Hub {
    public static final String LOBBY = "lobby";

    private final HubContext ctx;
    private final Directory directory;
    private final Admission admission;
    private final Departures departures;
    private final CommandHandlers commands;
    private final Poster poster;

    /** A hub sharing its rooms through {@code backplane} (a {@link LocalBackplane} for a single node), which it starts. */
    public Hub(HubLimits limits, Executor executor, Clock clock, History history, Backplane backplane) {
        ctx = new HubContext(limits, executor, clock, history, backplane);
        directory = new Directory(ctx);
        departures = new Departures(ctx, directory);
        admission = new Admission(ctx, directory, departures::drop);
        commands = new CommandHandlers(ctx, directory, departures);
        poster = new Poster(ctx, directory);
        backplane.start(new BackplaneEvents(ctx, directory, commands));
    }

    /** A single node's hub. */
    public Hub(HubLimits limits, Executor executor, Clock clock, History history) {
        this(limits, executor, clock, history, new LocalBackplane());
    }

    /** A single node's hub whose history lives only in memory. */
    public Hub(HubLimits limits, Executor executor, Clock clock) {
        this(limits, executor, clock, new MemoryHistory(limits.keep()));
    }

    public Stats stats() {
        return ctx.stats;
    }

    public History history() {
        return ctx.history;
    }

    /** This node's name in a cluster; empty for a single node. */
    public String node() {
        return ctx.node();
    }

    /** True while this cluster node cannot reach the others: its rooms are local only. */
    public boolean degraded() {
        return ctx.backplane.degraded();
    }

    /**
     * Admits a member into {@code wantedRoom} (the lobby if null) as {@code wantedNick} (a
     * guest nick if null, invalid or taken, with a note saying why), and greets it.
     * Returns null when the hub is shutting down.
     */
    public Member join(Peer peer, Outbox<?> outbox, String wantedNick, String wantedRoom) {
        return join(peer, outbox, wantedNick, wantedRoom, -1);
    }

    /**
     * Like {@link #join}, for a member coming back after a lost connection that had seen
     * {@code wantedRoom}'s messages up to id {@code since}: it gets the ones it missed instead of
     * the usual replay (-1: a newcomer).
     */
    public Member join(Peer peer, Outbox<?> outbox, String wantedNick, String wantedRoom, long since) {
        return admission.join(peer, outbox, wantedNick, wantedRoom, since);
    }

    /** Acts on one line (or, from a browser, one multi-line message) of a member's input. */
    public void handle(Member member, String input) {
        commands.handle(member, input);
    }

    /** Sends one event to one member. */
    public void tell(Member member, Event event) {
        ctx.tell(member, event);
    }

    /** The member leaves on its own (quit, clean close): the room is told, its output is flushed. */
    public void leave(Member member, String reason) {
        departures.leave(member, reason);
    }

    /** The member's connection is gone (reset, EOF, write failure): nothing more can reach it. */
    public void vanished(Member member, String reason) {
        departures.vanished(member, reason);
    }

    /** The server puts the member out: it gets the reason (pending output discarded), the room too. */
    public void drop(Member member, String reason) {
        departures.drop(member, reason);
    }

    /**
     * A message from outside any connection (the HTTP API, a webhook): it reaches the room's
     * members, if any, and its history.
     */
    public Posted post(String roomName, String nick, String via, String rawText) {
        return poster.post(roomName, nick, via, rawText);
    }

    /**
     * Shares a stored file with a room, by the route chat takes: as {@code by}'s (rate limited, in
     * its current room), or, with {@code by} null, from outside any connection under {@code nick},
     * like {@link #post}.
     */
    public Posted share(Member by, String roomName, String nick, String via, SharedFile file) {
        return by == null ? poster.share(roomName, nick, via, file) : commands.share(by, file);
    }

    /** The rooms and their sizes, by name, on every node. */
    public List<RoomInfo> rooms() {
        return directory.rooms();
    }

    /** Members currently connected, on every transport. */
    public int size() {
        return directory.size();
    }

    /** Payloads waiting in all members' outboxes. */
    public long pending() {
        long total = 0;
        for (Member m : directory.everyone()) {
            total += m.pending();
        }
        return total;
    }

    /** Members by transport ("tcp", "udp", "ws"). */
    public Map<String, Integer> membersByTransport() {
        Map<String, Integer> counts = new TreeMap<>();
        for (Member m : directory.everyone()) {
            counts.merge(m.peer().transport(), 1, Integer::sum);
        }
        return counts;
    }

    /** The members of a room on every node, or null if there is no such room. */
    public List<MemberInfo> members(String roomName) {
        return directory.members(roomName);
    }

    /**
     * Tells everyone {@code notice}, flushes what is queued and closes every member, waiting at
     * most {@code grace} for slow ones; later joins are refused.
     */
    public void shutdown(String notice, Duration grace) {
        List<Member> everyone = directory.closeAll();
        Envelope last = new Envelope(ctx.notice(notice));
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (Member m : everyone) {
            if (m.markGone()) {
                ctx.stats.lifecycle().left(m, notice);
            }
            m.outbox().finish(last, Ending.SHUTDOWN, notice, grace);
            closed.add(m.outbox().closed());
        }
        try {
            CompletableFuture.allOf(closed.toArray(new CompletableFuture[0])).get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Slow members are aborted by their outbox deadline; shutdown goes on.
        }
        ctx.backplane.close();
        ctx.history.close(grace);
    }
}
