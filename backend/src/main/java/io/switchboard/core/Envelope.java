package io.switchboard.core;

/**
 * An event on its way to many members, with the payload already encoded for each format
 * that has asked for it. Fan-out hands the same envelope to every member, so the second
 * member of a format gets the first member's bytes.
 */
public final class Envelope {
    private static final Object NOTHING = new Object();

    private final Event event;
    // Pairs of (format, payload). Three or four formats exist, so a scan beats a map.
    private Object[] cache = new Object[4];
    private int used;

    public Envelope(Event event) {
        this.event = event;
    }

    public Event event() {
        return event;
    }

    /** The event encoded in {@code format}, computed on first use; {@code null} if not shown. */
    @SuppressWarnings("unchecked")
    public synchronized <T> T encoded(Format<T> format) {
        for (int i = 0; i < used; i += 2) {
            if (cache[i] == format) {
                Object value = cache[i + 1];
                return value == NOTHING ? null : (T) value;
            }
        }
        T value = format.encode(this);
        if (used == cache.length) {
            cache = java.util.Arrays.copyOf(cache, used * 2);
        }
        cache[used++] = format;
        cache[used++] = value == null ? NOTHING : value;
        return value;
    }
}
