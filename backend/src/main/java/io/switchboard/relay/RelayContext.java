package io.switchboard.relay;

import io.switchboard.config.RelaySettings;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every relay session shares: the options, the frame limit, the executor its upstream
 * reader runs on, and the timer that ends drains.
 *
 * @param settings   the relay's options
 * @param frameBytes the largest WebSocket message either way
 * @param workers    runs each session's upstream reader (virtual threads where available)
 * @param timers     drain deadlines and the idle sweep
 */
record RelayContext(RelaySettings settings, int frameBytes, Executor workers, ScheduledExecutorService timers) {

    /** How much one upstream read may take: one piece in flight to the browser at a time. */
    int chunkBytes() {
        return Math.min(16 * 1024, frameBytes);
    }
}
