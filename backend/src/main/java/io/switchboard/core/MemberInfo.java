package io.switchboard.core;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;

/**
 * An immutable snapshot of a member as others see it: what rosters and join notices carry.
 * {@code node} names the cluster node it is connected to (empty on a single node).
 *
 * <p>A value like a record (equal when every field is), but one instance lives as long as the
 * member keeps its nick, so a format can keep what it made of it ({@link #rendered}): every join
 * sends the newcomer its room's roster, and without the memo each join encoded every member of
 * the room again.
 */
public final class MemberInfo {
    private final long id;
    private final String nick;
    private final String transport;
    private final Side side;
    private final String address;
    private final Instant since;
    private final String node;
    // One render layer asks (the JSON roster entry); what a second key makes is not kept.
    private volatile Memo memo;

    private record Memo(Object key, Object value) { }

    public MemberInfo(long id, String nick, String transport, Side side, String address, Instant since, String node) {
        this.id = id;
        this.nick = nick;
        this.transport = transport;
        this.side = side;
        this.address = address;
        this.since = since;
        this.node = node;
    }

    static MemberInfo of(long id, String nick, Peer peer, String node) {
        return new MemberInfo(id, nick, peer.transport(), peer.side(), peer.address(), peer.since(), node);
    }

    public long id() {
        return id;
    }

    public String nick() {
        return nick;
    }

    public String transport() {
        return transport;
    }

    public Side side() {
        return side;
    }

    public String address() {
        return address;
    }

    public Instant since() {
        return since;
    }

    public String node() {
        return node;
    }

    /** This member with another nick. */
    public MemberInfo withNick(String newNick) {
        return new MemberInfo(id, newNick, transport, side, address, since, node);
    }

    /** Who this is across the cluster: ids are unique per node. */
    public String key() {
        return node + "/" + id;
    }

    /**
     * What {@code render} makes of this member, made once: {@code render} must be a constant
     * (it is the memo's key) and depend on nothing but this member. Racing threads may both
     * render; either result is the same.
     */
    @SuppressWarnings("unchecked")
    public <T> T rendered(Function<MemberInfo, T> render) {
        Memo m = memo;
        if (m != null && m.key == render) {
            return (T) m.value;
        }
        T made = render.apply(this);
        if (m == null) {
            memo = new Memo(render, made);
        }
        return made;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MemberInfo m && id == m.id && nick.equals(m.nick) && transport.equals(m.transport)
                && side == m.side && address.equals(m.address) && since.equals(m.since) && node.equals(m.node);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, nick, transport, side, address, since, node);
    }

    @Override
    public String toString() {
        return "MemberInfo[id=" + id + ", nick=" + nick + ", transport=" + transport + ", side=" + side
                + ", address=" + address + ", since=" + since + ", node=" + node + "]";
    }
}
