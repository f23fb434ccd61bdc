package io.switchboard.bench;

import java.nio.charset.StandardCharsets;

/**
 * The bench's chat text: {@code ~B<sender> <seq> <nanos> xxxx...}, padded to the message size.
 * The marker survives every output format unchanged (no format escapes {@code ~}, and nicks,
 * rooms and system lines never contain it), so one byte scan finds it in a terminal line and in
 * a JSON frame alike. {@code nanos} is {@link System#nanoTime()} at sending: latency is only
 * meaningful when the receiver reads the same clock, that is, runs in the same process.
 */
final class Probe {
    private static final byte MARK = '~';
    private static final byte KIND = 'B';

    /** Where {@link #parse} leaves what it read; one per loop, reused for every line. */
    int sender;
    int seq;
    long nanos;
    private int pos;

    /** The text for one message; never shorter than its header, padded with 'x' up to {@code size}. */
    static byte[] text(int sender, int seq, long nanos, int size) {
        String head = "~B" + sender + " " + seq + " " + nanos + " ";
        StringBuilder text = new StringBuilder(Math.max(size, head.length())).append(head);
        while (text.length() < size) {
            text.append('x');
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads a probe out of {@code bytes[from, to)}; false when the span holds none. */
    boolean parse(byte[] bytes, int from, int to) {
        for (int i = from; i < to - 1; i++) {
            if (bytes[i] == MARK && bytes[i + 1] == KIND) {
                return fields(bytes, i + 2, to);
            }
        }
        return false;
    }

    private boolean fields(byte[] bytes, int at, int to) {
        pos = at;
        long s = number(bytes, to);
        long q = number(bytes, to);
        long t = number(bytes, to);
        if (s < 0 || q < 0 || t < 0) {
            return false;
        }
        sender = (int) s;
        seq = (int) q;
        nanos = t;
        return true;
    }

    /** A decimal number ended by a space, from {@link #pos} on; -1 if there is none. */
    private long number(byte[] bytes, int to) {
        long value = 0;
        int start = pos;
        while (pos < to && bytes[pos] >= '0' && bytes[pos] <= '9') {
            value = value * 10 + (bytes[pos++] - '0');
        }
        if (pos == start || pos >= to || bytes[pos] != ' ') {
            return -1;
        }
        pos++;
        return value;
    }
}
