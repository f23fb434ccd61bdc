package io.switchboard.relay;

import io.switchboard.config.RelaySettings;
import io.switchboard.runtime.EventLoops;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every relay session shares: the options, the frame limit, the event loops its upstream
 * channel runs on, and the timer for the idle sweep and pings.
 *
 * @param settings   the relay's options
 * @param frameBytes the largest WebSocket message either way
 * @param loops      the upstream channels' event loops (epoll or NIO, as for the chat ports)
 * @param timers     the idle sweep and pings
 */
record RelayContext(RelaySettings settings, int frameBytes, EventLoops loops, ScheduledExecutorService timers) {

    /** The most one upstream read takes: one piece on its way to the browser. */
    int chunkBytes() {
        return Math.min(16 * 1024, frameBytes);
    }

    /**
     * Bytes of browser messages a session takes before upstream has them (written to its socket):
     * past this, the browser's next message waits for demand. One piece, as before the event loop.
     */
    int upWindowBytes() {
        return chunkBytes();
    }
}
