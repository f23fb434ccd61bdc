package io.switchboard.config;

import java.time.Duration;

/**
 * Every option of a running gateway, validated once. Adapters read what they need from here;
 * nothing else reads the command line or the environment.
 *
 * @param bind            address every listener binds to
 * @param httpPort        page, WebSocket and API port (0 = any free port)
 * @param tcpPort         TCP line-protocol port (0 = any free port)
 * @param maxLineBytes    longest TCP input line, in bytes
 * @param maxFrameBytes   longest WebSocket text message, in bytes
 * @param maxLines        lines one message may carry (a browser can paste several)
 * @param outboxEvents    messages that may wait for one slow member before it is dropped
 * @param outboxBytes     bytes that may wait for one slow member before it is dropped
 * @param replay          recent messages shown to a member entering a room
 * @param shutdownGrace   how long shutdown waits for queued output to be written
 */
public record Settings(String bind, int httpPort, int tcpPort, int maxLineBytes, int maxFrameBytes, int maxLines,
        int outboxEvents, long outboxBytes, int replay, Duration shutdownGrace) {

    public Settings {
        port("--http-port", httpPort);
        port("--tcp-port", tcpPort);
        atLeast("--max-line", maxLineBytes, 16);
        atLeast("--max-frame", maxFrameBytes, 128);
        atLeast("--max-message-lines", maxLines, 1);
        atLeast("--outbox-messages", outboxEvents, 1);
        atLeast("--outbox-bytes", outboxBytes, 1024);
        atLeast("--history-replay", replay, 0);
        if (bind == null || bind.isBlank()) {
            throw new IllegalArgumentException("--bind needs an address, e.g. 127.0.0.1 or 0.0.0.0");
        }
    }

    /** The product's defaults, with every port chosen by the system: what tests start from. */
    public static Settings forTests() {
        return new Settings("127.0.0.1", 0, 0, 4096, 65536, 20, 4096, 1 << 20, 20, Duration.ofSeconds(2));
    }

    public Settings withPorts(int http, int tcp) {
        return new Settings(bind, http, tcp, maxLineBytes, maxFrameBytes, maxLines, outboxEvents, outboxBytes, replay,
                shutdownGrace);
    }

    public Settings withOutbox(int events, long bytes) {
        return new Settings(bind, httpPort, tcpPort, maxLineBytes, maxFrameBytes, maxLines, events, bytes, replay,
                shutdownGrace);
    }

    private static void port(String option, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(option + " must be a port from 0 to 65535 (0 picks a free one), not "
                    + value);
        }
    }

    private static void atLeast(String option, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(option + " must be at least " + min + ", not " + value);
        }
    }
}
