package io.switchboard.core;

import io.switchboard.runtime.Threads;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The room list every member is sent when rooms appear or vanish (line clients ignore it): at
 * most one broadcast per {@link #WINDOW_MS} for a burst of changes (one datagram can carry many
 * joins), built and sent outside the hub's lock.
 */
final class RoomLists {
    private static final long WINDOW_MS = 100;
    private static final ScheduledExecutorService TIMER = Threads.timer("room-lists");

    private final AtomicBoolean due = new AtomicBoolean();
    private final Supplier<List<RoomInfo>> rooms;
    private final Supplier<List<Member>> everyone;

    RoomLists(Supplier<List<RoomInfo>> rooms, Supplier<List<Member>> everyone) {
        this.rooms = rooms;
        this.everyone = everyone;
    }

    /** Rooms changed: a list goes out within the window, with every change made until then. */
    void changed() {
        if (due.compareAndSet(false, true)) {
            TIMER.schedule(this::send, WINDOW_MS, TimeUnit.MILLISECONDS); // delivering only enqueues
        }
    }

    private void send() {
        due.set(false); // changes from here on get a list of their own
        Envelope envelope = new Envelope(new Event.Rooms(rooms.get()));
        for (Member m : everyone.get()) {
            if (!m.gone()) {
                m.deliver(envelope);
            }
        }
    }
}
