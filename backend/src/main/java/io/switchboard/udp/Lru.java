package io.switchboard.udp;

import java.util.LinkedHashMap;
import java.util.Map;

/** What the endpoint remembers about addresses, bounded: past {@code max} entries the least recently used goes. */
final class Lru<K, V> extends LinkedHashMap<K, V> {
    private final int max;

    Lru(int max) {
        super(64, 0.75f, true);
        this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
    }
}
