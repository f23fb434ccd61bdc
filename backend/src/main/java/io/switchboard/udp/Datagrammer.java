package io.switchboard.udp;

import io.switchboard.core.Member;
import io.switchboard.core.Outbox;
import io.switchboard.core.RateLimit;

/** One address's membership: its hub member and outbox, when it was last heard, its flood budget. */
final class Datagrammer {
    final Member member;
    final Outbox<byte[]> outbox;
    final RateLimit budget;
    volatile long lastHeard;
    boolean warned; // told to slow down, and not heard within its budget since (loop thread only)

    Datagrammer(Member member, Outbox<byte[]> outbox, RateLimit budget, long now) {
        this.member = member;
        this.outbox = outbox;
        this.budget = budget;
        this.lastHeard = now;
    }
}
