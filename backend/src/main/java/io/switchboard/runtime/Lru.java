package io.switchboard.runtime;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a server remembers about addresses (budgets, throttles, pending handshakes), bounded: past
 * {@code max} entries the least recently used goes, so no stream of new addresses grows it.
 */
public final class Lru<K, V> extends LinkedHashMap<K, V> {
    private final int max;

    public Lru(int max) {
        super(64, 0.75f, true);
        this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
    }
}
