package io.switchboard.relay;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts an upstream byte stream into lines for {@code ?mode=lines}. Bytes are kept until their LF
 * arrives, so a character split across reads is decoded whole (LF never occurs inside a UTF-8
 * sequence); a trailing CR is dropped; invalid bytes become U+FFFD. A line longer than the bound
 * is sent in bound-sized pieces, cut between characters, so memory never grows past the bound.
 */
final class LineSplitter {
    private final byte[] line;
    private int size;

    /** {@code maxLineBytes}: the longest piece that is ever held or emitted. */
    LineSplitter(int maxLineBytes) {
        line = new byte[maxLineBytes];
    }

    /** Takes {@code len} bytes and hands every line they complete to {@code out}, without its line end. */
    void feed(byte[] bytes, int off, int len, Consumer<String> out) {
        int end = off + len;
        int start = off;
        for (int i = off; i < end; i++) {
            if (bytes[i] == '\n') {
                append(bytes, start, i - start, out);
                int length = size > 0 && line[size - 1] == '\r' ? size - 1 : size;
                out.accept(new String(line, 0, length, StandardCharsets.UTF_8));
                size = 0;
                start = i + 1;
            }
        }
        append(bytes, start, end - start, out);
    }

    /** What is left without a line end (at end of stream), or null if nothing is. */
    String finish() {
        if (size == 0) {
            return null;
        }
        String rest = new String(line, 0, size, StandardCharsets.UTF_8);
        size = 0;
        return rest;
    }

    /** Bytes held for a line not yet complete. */
    int pending() {
        return size;
    }

    private void append(byte[] bytes, int off, int len, Consumer<String> out) {
        while (len > 0) {
            if (size == line.length) {
                emitFullPiece(out);
            }
            int n = Math.min(len, line.length - size);
            System.arraycopy(bytes, off, line, size, n);
            size += n;
            off += n;
            len -= n;
        }
    }

    /** The buffer is full without a line end: send it, keeping an incomplete last character for later. */
    private void emitFullPiece(Consumer<String> out) {
        int cut = characterBoundary();
        out.accept(new String(line, 0, cut, StandardCharsets.UTF_8));
        System.arraycopy(line, cut, line, 0, size - cut);
        size -= cut;
    }

    /** The end of the last complete UTF-8 character in the buffer (the whole buffer if it ends on one). */
    private int characterBoundary() {
        int lead = size - 1;
        while (lead > 0 && size - lead < 4 && (line[lead] & 0xC0) == 0x80) {
            lead--; // back over continuation bytes to the sequence's first byte
        }
        int b = line[lead] & 0xFF;
        int expected = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
        boolean incomplete = size - lead < expected;
        return incomplete && lead > 0 ? lead : size;
    }
}
