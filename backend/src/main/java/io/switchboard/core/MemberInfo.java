package io.switchboard.core;

import java.time.Instant;

/** An immutable snapshot of a member as others see it: what rosters and join notices carry. */
public record MemberInfo(long id, String nick, String transport, Side side, String address, Instant since) {

    static MemberInfo of(long id, String nick, Peer peer) {
        return new MemberInfo(id, nick, peer.transport(), peer.side(), peer.address(), peer.since());
    }
}
