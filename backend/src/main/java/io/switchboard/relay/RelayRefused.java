package io.switchboard.relay;

/** A session that may not open now (a cap is reached, or the server is stopping); the message says why. */
public final class RelayRefused extends Exception {
    public RelayRefused(String message) {
        super(message, null, false, false);
    }
}
