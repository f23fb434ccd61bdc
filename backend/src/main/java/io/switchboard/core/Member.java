package io.switchboard.core;

/**
 * Someone in a room, on any transport. The hub owns its nick and room; the adapter owns its
 * connection and reaches it only through the member's {@link Outbox}.
 */
public final class Member {
    private final long id;
    private final Peer peer;
    private final Outbox<?> outbox;
    private final String node;
    // Written under the hub's lock, read anywhere.
    // The nick lives here: one instance per nick, so formats can keep what they made of it.
    private volatile MemberInfo info;
    private volatile Room room;
    private volatile boolean gone;
    private final RateLimit budget;
    private int refusedInARow;

    Member(long id, Peer peer, Outbox<?> outbox, String nick, int rate, String node) {
        this.id = id;
        this.node = node;
        this.peer = peer;
        this.outbox = outbox;
        this.info = MemberInfo.of(id, nick, peer, node);
        this.budget = new RateLimit(rate, rate * 2, System.nanoTime());
    }

    /**
     * Spends one input from the member's budget. Returns how many inputs in a row have now
     * been refused: 0 means this one may go through.
     */
    synchronized int spend(long nowNanos) {
        if (budget.tryAcquire(nowNanos)) {
            refusedInARow = 0;
        } else {
            refusedInARow++;
        }
        return refusedInARow;
    }

    public long id() {
        return id;
    }

    public String nick() {
        return info.nick();
    }

    public Peer peer() {
        return peer;
    }

    /** The current room's name, or null once the member has left. */
    public String room() {
        Room r = room;
        return r == null ? null : r.name();
    }

    /** True once the member has left or been dropped; its input is then ignored. */
    public boolean gone() {
        return gone;
    }

    public MemberInfo info() {
        return info;
    }

    /** Output payloads waiting for this member. */
    public int pending() {
        return outbox.pending();
    }

    /** Hands an event to this member's outbox; never blocks. */
    void deliver(Envelope envelope) {
        outbox.offer(envelope);
    }

    Outbox<?> outbox() {
        return outbox;
    }

    Room currentRoom() {
        return room;
    }

    void nick(String newNick) {
        info = info.withNick(newNick);
    }

    void room(Room newRoom) {
        room = newRoom;
    }

    boolean markGone() {
        if (gone) {
            return false;
        }
        gone = true;
        return true;
    }
}
