package io.switchboard.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * History kept in memory only ({@code --history memory}): gone with the process. Bounded per
 * room, in total and in bytes: every room name anyone ever posted to would otherwise stay here
 * for good. When over, the room posted to least recently is forgotten first, so rooms no one
 * uses any more age out while busy ones keep their tail.
 */
public final class MemoryHistory implements History {
    /** Text held in all rooms together (UTF-16), whatever the message counts allow. */
    public static final long MAX_BYTES = 64L << 20;

    private final int keep;
    private final int total;
    private final long maxBytes;
    // Guarded by "this". Access order follows recording: the first room is the stalest.
    private final Map<String, ArrayDeque<Event>> rooms = new LinkedHashMap<>(16, 0.75f, true);
    private int count;
    private long bytes;
    private long lastId;

    /** Keeps the last {@code keep} chat events of each room. */
    public MemoryHistory(int keep) {
        this(keep, Integer.MAX_VALUE, MAX_BYTES);
    }

    /** Keeps the last {@code keep} chat events of each room, {@code total} in all, within {@code maxBytes}. */
    public MemoryHistory(int keep, int total, long maxBytes) {
        this.keep = Math.min(keep, total);
        this.total = total;
        this.maxBytes = maxBytes;
    }

    @Override
    public synchronized boolean record(Event event) {
        ArrayDeque<Event> room = rooms.computeIfAbsent(((Event.Chat) event).room(), r -> new ArrayDeque<>());
        if (room.size() == keep) {
            forget(room.removeFirst());
        }
        room.addLast(event);
        count++;
        bytes += cost(event);
        lastId = Math.max(lastId, idOf(event));
        ageOut(room);
        return true;
    }

    /** Forgets whole rooms, stalest first, then the oldest of {@code current}, until within bounds. */
    private void ageOut(ArrayDeque<Event> current) {
        for (Iterator<ArrayDeque<Event>> it = rooms.values().iterator(); over() && it.hasNext();) {
            ArrayDeque<Event> stale = it.next();
            if (stale == current) {
                continue;
            }
            for (Event e : stale) {
                forget(e);
            }
            it.remove();
        }
        while (over() && current.size() > 1) {
            forget(current.removeFirst());
        }
    }

    private boolean over() {
        return count > total || bytes > maxBytes;
    }

    private void forget(Event event) {
        count--;
        bytes -= cost(event);
    }

    private static long cost(Event event) {
        Event.Chat c = (Event.Chat) event;
        return 64L + 2L * (c.text().length() + c.nick().length());
    }

    @Override
    public synchronized List<Event> recent(String room, int limit, long before) {
        ArrayDeque<Event> events = rooms.get(room);
        List<Event> out = new ArrayList<>();
        if (events == null) {
            return out;
        }
        for (Iterator<Event> it = events.descendingIterator(); it.hasNext() && out.size() < limit;) {
            Event e = it.next();
            if (idOf(e) < before) {
                out.add(0, e);
            }
        }
        return out;
    }

    @Override
    public synchronized long lastId() {
        return lastId;
    }

    /** Messages held, in all rooms. */
    public synchronized int size() {
        return count;
    }

    private static long idOf(Event event) {
        return ((Event.Chat) event).id();
    }
}
