package io.switchboard.core;

import java.util.ArrayList;
import java.util.List;

/**
 * What one member is told about a change of its own made under the directory's lock (its
 * greeting, its new room's replay and roster, an error), and what its rooms are told (its join,
 * its leave): gathered there, encoded and delivered after the lock is released, so no encoding
 * ever holds the directory. Its outbox is held meanwhile, so nothing the room says in between
 * can overtake its intro; the rooms' events have their place in each room's order already.
 */
final class Intro {
    private final Member member;
    private final List<Envelope> envelopes = new ArrayList<>(6);
    private final List<Runnable> sends = new ArrayList<>(2);

    /** Holds the member's outbox: from here on, what others send it waits behind this intro. */
    Intro(Member member) {
        this.member = member;
        member.outbox().hold();
    }

    Member member() {
        return member;
    }

    void tell(Event event) {
        envelopes.add(new Envelope(event));
    }

    /** A room event the change caused (a join, a leave), lined up already: sent with the intro. */
    void afterwards(Runnable send) {
        sends.add(send);
    }

    /** Outside any lock: encodes the intro, puts it first, lets the rest follow; then the rooms are told. */
    void deliver() {
        member.outbox().release(envelopes);
        for (Runnable send : sends) {
            send.run();
        }
    }
}
