package io.switchboard.relay;

import io.netty.channel.Channel;

/**
 * Bytes read from upstream and handed to the browser but not yet sent, for one session, on its
 * event loop. Reading upstream (auto-read) stops while one more read might not fit in the window
 * and resumes once sends complete, so the session never holds more than the window.
 */
final class SendWindow {
    private final int windowBytes;
    private final int readBytes;
    private Channel channel;
    private int unsent;

    /** {@code readBytes}: the most one read can bring; {@code windowBytes}: the most ever unsent. */
    SendWindow(int windowBytes, int readBytes) {
        this.windowBytes = windowBytes;
        this.readBytes = readBytes;
    }

    /** The channel whose reading this window paces. */
    void pace(Channel upstream) {
        this.channel = upstream;
    }

    /** {@code n} bytes are on their way to the browser. */
    void taken(int n) {
        unsent += n;
        if (unsent + readBytes > windowBytes && channel != null) {
            channel.config().setAutoRead(false);
        }
    }

    /** {@code n} bytes have been sent (or dropped). */
    void sent(int n) {
        unsent -= n;
        if (unsent + readBytes <= windowBytes) {
            resume();
        }
    }

    /** Reads again whatever is unsent: after the browser left, what upstream sends is read and dropped. */
    void resume() {
        if (channel != null && !channel.config().isAutoRead()) {
            channel.config().setAutoRead(true);
        }
    }

    /** Nothing is on its way to the browser. */
    boolean empty() {
        return unsent == 0;
    }
}
