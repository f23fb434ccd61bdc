package io.switchboard.relay;

import java.util.Locale;

/** How upstream bytes reach the browser: as binary frames, or as text frames of one line each. */
public enum Mode {
    /** Bytes as they come, in binary frames (the default; what websockify clients expect). */
    BINARY,
    /** One UTF-8 text frame per line; each browser message is sent upstream as one line. */
    LINES;

    /** The mode for {@code ?mode=...}: absent means binary; null when the value is unknown. */
    public static Mode of(String query) {
        if (query == null || query.isEmpty()) {
            return BINARY;
        }
        return switch (query.toLowerCase(Locale.ROOT)) {
            case "binary" -> BINARY;
            case "lines" -> LINES;
            default -> null;
        };
    }
}
