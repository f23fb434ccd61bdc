package io.switchboard.telnet;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the data bytes of a stream into lines, the way a terminal user means them: the line
 * discipline for clients that edit locally (nc, scripts, telnet in line mode).
 *
 * <p>A stream has no message boundaries: one read may hold several lines or a fraction of
 * one, even half of a UTF-8 character. This decoder keeps the bytes of the current line
 * (never more than the limit: an endless line costs a fixed buffer) and decodes a line only
 * once it is complete, so split characters come out whole and bad bytes become U+FFFD.
 * Lines end in LF, CR LF, CR NUL or a lone CR; backspace and DEL edit the line. Telnet
 * commands were taken out before the bytes got here ({@link TelnetCodec}).
 */
public final class LineDecoder {
    /** Where complete lines go. */
    public interface Listener {
        void line(String text);

        /** A line longer than the limit ended; its bytes were dropped. */
        void tooLong(int limit);
    }

    private final byte[] line;
    private final Listener listener;
    private int length;
    private boolean overflow;
    private boolean afterCr;
    private boolean endedWithCr;

    public LineDecoder(int maxBytes, Listener listener) {
        this.line = new byte[maxBytes];
        this.listener = listener;
    }

    /** The peer closed its side: an unterminated last line still counts. */
    public void finish() {
        if (length > 0 || overflow) {
            endLine();
        }
    }

    /** One data byte. */
    public void data(int b) {
        boolean swallow = afterCr && (b == '\n' || b == 0);
        afterCr = false;
        if (swallow) {
            return; // second half of CR LF or CR NUL
        }
        if (b == '\r') {
            afterCr = true;
            endedWithCr = true;
            endLine();
        } else if (b == '\n') {
            endLine();
        } else if (b == 0x08 || b == 0x7F) {
            erase();
        } else {
            append(b);
        }
    }

    /**
     * Whether the last line ended in a CR whose LF (or NUL) may still come; forgets it. For a caller
     * that takes the bytes after that line itself, and must drop that LF.
     */
    public boolean takeCr() {
        boolean pending = afterCr;
        afterCr = false;
        return pending;
    }

    /** Whether any line so far ended in CR (telnet's NVT newline is CR LF; nc sends LF). */
    public boolean sawCr() {
        return endedWithCr;
    }

    /** Telnet's erase-line, or an interrupt: the line typed so far is dropped. */
    public void clear() {
        length = 0;
        overflow = false;
    }

    /** The unfinished line's bytes, taken out of the decoder (when the server starts editing). */
    public byte[] takePartial() {
        byte[] partial = overflow ? new byte[0] : Arrays.copyOf(line, length);
        clear();
        return partial;
    }

    private void append(int b) {
        if (length == line.length) {
            overflow = true; // keep reading to the end of the line, keep nothing
        } else if (!overflow) {
            line[length++] = (byte) b;
        }
    }

    /** Backspace (or telnet's erase-character): removes the last character, all of its UTF-8 bytes. */
    public void erase() {
        if (overflow) {
            return;
        }
        while (length > 0 && (line[length - 1] & 0xC0) == 0x80) {
            length--;
        }
        if (length > 0) {
            length--;
        }
    }

    private void endLine() {
        if (overflow) {
            overflow = false;
            length = 0;
            listener.tooLong(line.length);
            return;
        }
        String text = new String(line, 0, length, StandardCharsets.UTF_8);
        length = 0;
        listener.line(text);
    }
}
