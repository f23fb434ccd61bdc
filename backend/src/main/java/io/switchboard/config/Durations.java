package io.switchboard.config;

import java.time.Duration;

/** Durations as people write them in messages: 300ms, 45s, 10m. */
public final class Durations {
    private Durations() {
    }

    public static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        if (d.toSeconds() < 120) {
            return d.toSeconds() + "s";
        }
        return d.toMinutes() + "m";
    }
}
