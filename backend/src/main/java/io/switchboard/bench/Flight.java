package io.switchboard.bench;

import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * One sender's messages in flight: a slot per window place, counting the loops whose members
 * of the sender's room have not all received that message yet (each loop counts its own members
 * without sharing, see {@link Loop#arrived}, and reports once). A slot frees when every member
 * has the message, so the window bounds what waits for the slowest member (a datagram member
 * behind a fast TCP room), not just the sender's own echo; at full speed no member's outbox can
 * then overflow. Messages of one sender complete in order (each member receives them in order),
 * so a slot is never reused while its message is still out.
 */
final class Flight {
    private final Conn sender;
    private final int loops; // loops carrying at least one member of the sender's room
    private final AtomicIntegerArray missing;

    Flight(Conn sender, int loops, int window) {
        this.sender = sender;
        this.loops = loops;
        this.missing = new AtomicIntegerArray(window);
    }

    /** The sender is about to send message {@code seq}. */
    void sent(int seq) {
        missing.set(seq % missing.length(), loops);
    }

    /** Every member on {@code loop} received message {@code seq}; the last loop frees the sender's slot. */
    void received(int seq, Loop loop) {
        if (missing.decrementAndGet(seq % missing.length()) == 0) {
            if (loop == sender.loop) {
                sender.acked();
            } else {
                sender.loop.execute(sender::acked);
            }
        }
    }
}
