package io.switchboard.core;

import java.time.Instant;

/**
 * An immutable snapshot of a member as others see it: what rosters and join notices carry.
 * {@code node} names the cluster node it is connected to (empty on a single node).
 */
public record MemberInfo(long id, String nick, String transport, Side side, String address, Instant since,
        String node) {

    static MemberInfo of(long id, String nick, Peer peer, String node) {
        return new MemberInfo(id, nick, peer.transport(), peer.side(), peer.address(), peer.since(), node);
    }

    /** This member with another nick. */
    public MemberInfo withNick(String newNick) {
        return new MemberInfo(id, newNick, transport, side, address, since, node);
    }

    /** Who this is across the cluster: ids are unique per node. */
    public String key() {
        return node + "/" + id;
    }
}
