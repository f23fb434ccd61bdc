package io.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An nc member: LF lines out (a plain line client, never offered telnet), CR LF lines back. It
 * joins with {@code /join R} twice: the second answer, "you are already in #R", is a cheap sign
 * that the first has been done (unlike /who, whose answer grows with the room).
 */
class LineConn extends Conn {
    private static final byte[] READY = "-!- you are already in #".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "-!- error".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LF = {'\n'};

    LineConn(Loop loop, int room, int node, int senders) {
        super(loop, room, node, senders);
    }

    @Override
    void open() throws IOException {
        connect(loop.run.tcp(node));
    }

    @Override
    void connected() throws IOException {
        byte[] join = joinCommands("\n");
        out(join.length).put(join);
    }

    /** "/join R" twice, each ended by {@code eol}. */
    final byte[] joinCommands(String eol) {
        String join = "/join " + loop.run.roomName(room) + eol;
        return (join + join).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    int consume(byte[] bytes, int from, int to) throws IOException {
        int start = from;
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                int end = i > start && bytes[i - 1] == '\r' ? i - 1 : i;
                unit(bytes, start, end);
                start = i + 1;
            }
        }
        return start;
    }

    @Override
    void frame(byte[] text) throws IOException {
        out(text.length + 1).put(text).put(LF);
    }

    @Override
    final boolean isReady(byte[] bytes, int from, int to) {
        return startsWith(bytes, from, to, READY);
    }

    @Override
    final boolean isError(byte[] bytes, int from, int to) {
        // A telnet command (IAC) in front of a line: the gateway took this plain client for telnet.
        return startsWith(bytes, from, to, ERROR) || to > from && bytes[from] == (byte) 0xFF;
    }

    static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
        if (to - from < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[from + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}
