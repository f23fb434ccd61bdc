package io.switchboard.tcp;

import java.nio.charset.StandardCharsets;

/**
 * Turns the TCP byte stream into lines, the way a terminal user means them.
 *
 * <p>A stream has no message boundaries: one read may hold several lines or a fraction of
 * one, even half of a UTF-8 character. This decoder keeps the bytes of the current line
 * (never more than the limit: an endless line costs a fixed buffer) and decodes a line only
 * once it is complete, so split characters come out whole and bad bytes become U+FFFD.
 * Lines end in LF, CR LF, CR NUL or a lone CR. Telnet negotiation (IAC ...) is consumed,
 * backspace and DEL (and telnet's erase-character and erase-line) edit the line.
 */
final class LineDecoder {
    /** Where complete lines go. */
    interface Listener {
        void line(String text);

        /** A line longer than the limit ended; its bytes were dropped. */
        void tooLong(int limit);
    }

    private static final int IAC = 0xFF;
    private static final int SB = 250;
    private static final int SE = 240;
    private static final int WILL = 251;
    private static final int DONT = 254;
    private static final int EC = 247;
    private static final int EL = 248;

    private enum State { DATA, IAC, OPTION, SUB, SUB_IAC }

    private final byte[] line;
    private final Listener listener;
    private int length;
    private boolean overflow;
    private boolean afterCr;
    private State state = State.DATA;

    LineDecoder(int maxBytes, Listener listener) {
        this.line = new byte[maxBytes];
        this.listener = listener;
    }

    void feed(byte[] bytes, int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            accept(bytes[i] & 0xFF);
        }
    }

    /** The peer closed its side: an unterminated last line still counts. */
    void finish() {
        if (length > 0 || overflow) {
            endLine();
        }
    }

    private void accept(int b) {
        switch (state) {
            case DATA -> data(b);
            case IAC -> command(b);
            case OPTION -> state = State.DATA; // the option code of WILL/WONT/DO/DONT
            case SUB -> state = b == IAC ? State.SUB_IAC : State.SUB;
            case SUB_IAC -> state = b == SE ? State.DATA : State.SUB;
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void command(int b) {
        state = State.DATA;
        if (b == IAC) {
            append(IAC); // an escaped 0xFF data byte (invalid UTF-8, becomes U+FFFD)
        } else if (b >= WILL && b <= DONT) {
            state = State.OPTION;
        } else if (b == SB) {
            state = State.SUB;
        } else if (b == EC) {
            erase();
        } else if (b == EL) {
            length = 0;
        }
        // NOP, GA, AYT, interrupt and the rest carry nothing for a chat line.
    }

    private void data(int b) {
        boolean swallow = afterCr && (b == '\n' || b == 0);
        afterCr = false;
        if (swallow) {
            return; // second half of CR LF or CR NUL
        }
        if (b == IAC) {
            state = State.IAC;
        } else if (b == '\r') {
            afterCr = true;
            endLine();
        } else if (b == '\n') {
            endLine();
        } else if (b == 0x08 || b == 0x7F) {
            erase();
        } else {
            append(b);
        }
    }

    private void append(int b) {
        if (length == line.length) {
            overflow = true; // keep reading to the end of the line, keep nothing
        } else if (!overflow) {
            line[length++] = (byte) b;
        }
    }

    /** Backspace: removes the last character, all of its UTF-8 bytes. */
    private void erase() {
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
