package io.switchboard.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A room's way out: each event takes its place in the room's order under the room's lock, is
 * encoded (once per format its members use) outside it, and is queued for its members under the
 * lock again, in that order. Whoever finishes encoding queues every event that is ready at the
 * head, its own and others', so no publisher waits for another and the lock is held only to
 * append to outboxes.
 */
final class Fanout {
    private final Object room;
    // Events in the room's order, not yet queued for their members; guarded by the room's lock.
    private final ArrayDeque<Pending> outgoing = new ArrayDeque<>();

    Fanout(Object room) {
        this.room = room;
    }

    /**
     * An event in the room's order on its way out, to the members the room had when it was
     * numbered: one who entered since got it in its replay, not twice.
     */
    static final class Pending {
        final Envelope envelope;
        final Member[] to;
        final Member except;
        boolean ready; // encoded: guarded by the room's lock

        Pending(Envelope envelope, Member[] to, Member except) {
            this.envelope = envelope;
            this.to = to;
            this.except = except;
        }

        /** Encodes once per format its members use, outside the room's lock (outboxes then find it done). */
        void encode() {
            Format<?> last = null;
            for (Member m : to) {
                Format<?> f = m.outbox().format();
                if (f != last) {
                    envelope.encoded(f);
                    last = f;
                }
            }
        }
    }

    /** Takes the event's place in the room's order, for {@code to} (the room's lock held). */
    Pending lineUp(Event event, Member[] to, Member except) {
        Pending p = new Pending(new Envelope(event), to, except);
        outgoing.addLast(p);
        return p;
    }

    /** Encodes outside the lock, then queues what is ready, in order, for its members. */
    void send(Pending pending) {
        Outbox<?>[] wake = null;
        List<Outbox<?>[]> more = null;
        try {
            pending.encode();
        } finally {
            synchronized (room) {
                pending.ready = true;
                if (outgoing.peekFirst() == pending && outgoing.size() == 1) {
                    outgoing.pollFirst(); // the usual case: nothing else in flight
                    wake = enqueue(pending);
                } else {
                    more = new ArrayList<>();
                    sendReady(more);
                }
            }
        }
        start(wake);
        if (more != null) {
            for (Outbox<?>[] w : more) {
                start(w);
            }
        }
    }

    /**
     * Queues every ready event at the head of the order (room's lock held): whoever finishes
     * encoding sends what is ready before and after its own, so no one waits for anyone.
     */
    private void sendReady(List<Outbox<?>[]> wakes) {
        while (!outgoing.isEmpty() && outgoing.peekFirst().ready) {
            Outbox<?>[] wake = enqueue(outgoing.pollFirst());
            if (wake != null) {
                wakes.add(wake);
            }
        }
    }

    /**
     * Queues the event for its members under the room's lock (one order for everyone) and
     * returns the outboxes whose writer must be started, null-terminated, or null if none.
     */
    private static Outbox<?>[] enqueue(Pending p) {
        Member[] all = p.to;
        Outbox<?>[] wake = null;
        int n = 0;
        for (Member m : all) {
            if (m != p.except && m.outbox().enqueue(p.envelope) == Outbox.WAKE) {
                if (wake == null) {
                    wake = new Outbox<?>[all.length];
                }
                wake[n++] = m.outbox();
            }
        }
        return wake;
    }

    /** Starts writers outside the lock: waking a thread is the slowest part of a delivery. */
    private static void start(Outbox<?>[] wake) {
        if (wake != null) {
            for (int i = 0; i < wake.length && wake[i] != null; i++) {
                wake[i].startDrainer();
            }
        }
    }

    /** Like {@link #send(Pending)} for a batch lined up together: each writer is woken once. */
    void send(List<Pending> batch) {
        List<Outbox<?>[]> wakes = new ArrayList<>();
        try {
            for (Pending p : batch) {
                p.encode();
            }
        } finally {
            synchronized (room) {
                for (Pending p : batch) {
                    p.ready = true;
                }
                sendReady(wakes);
            }
        }
        for (Outbox<?>[] wake : wakes) {
            start(wake);
        }
    }
}
