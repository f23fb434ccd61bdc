package io.switchboard.core;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** History kept in memory only ({@code --history memory}): gone with the process. */
public final class MemoryHistory implements History {
    private final int keep;
    private final Map<String, ArrayDeque<Event>> rooms = new HashMap<>();
    private long lastId;

    /** Keeps the last {@code keep} chat events of each room. */
    public MemoryHistory(int keep) {
        this.keep = keep;
    }

    @Override
    public synchronized void record(Event event) {
        ArrayDeque<Event> room = rooms.computeIfAbsent(((Event.Chat) event).room(), r -> new ArrayDeque<>());
        if (room.size() == keep) {
            room.removeFirst();
        }
        room.addLast(event);
        lastId = Math.max(lastId, idOf(event));
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

    private static long idOf(Event event) {
        return ((Event.Chat) event).id();
    }
}
