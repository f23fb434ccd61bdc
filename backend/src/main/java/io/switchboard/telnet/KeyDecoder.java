package io.switchboard.telnet;

/**
 * Turns the data bytes of a client in character mode into keys: UTF-8 characters (decoded
 * whole even when split across reads; bad bytes become U+FFFD), control keys, Enter (CR, CR LF,
 * CR NUL or LF: one Enter each) and the escape sequences of cursor keys (ESC [ A, ESC O A,
 * ESC [ 3 ~ ...). An unknown or overlong sequence is dropped, never shown.
 */
final class KeyDecoder {
    /** Where keys go. */
    interface Keys {
        void character(int codePoint);

        /** A C0 control key or DEL, other than CR and LF. */
        void control(int code);

        void enter();

        /** An escape sequence without its ESC, e.g. {@code [A}, {@code OH}, {@code [3~}. */
        void sequence(String body);
    }

    private static final int ESC = 0x1B;
    private static final int MAX_SEQUENCE = 16;

    private final Keys keys;
    private final StringBuilder sequence = new StringBuilder();
    private boolean inSequence;
    private boolean afterCr;
    private int codePoint;
    private int needed; // continuation bytes still expected for codePoint
    private int min;    // smallest code point the sequence may encode (overlong forms are invalid)

    KeyDecoder(Keys keys) {
        this.keys = keys;
    }

    void data(int b) {
        if (needed > 0) {
            if ((b & 0xC0) == 0x80) {
                codePoint = codePoint << 6 | b & 0x3F;
                if (--needed == 0) {
                    emit(codePoint >= min && codePoint <= 0x10FFFF
                            && (codePoint < 0xD800 || codePoint > 0xDFFF) ? codePoint : 0xFFFD);
                }
                return;
            }
            needed = 0;
            emit(0xFFFD); // the sequence broke off: that character is lost, the new byte is not
        }
        if (b >= 0x80) {
            lead(b);
            return;
        }
        if (inSequence) {
            escape(b);
            return;
        }
        boolean swallow = afterCr && (b == '\n' || b == 0);
        afterCr = false;
        if (swallow) {
            return;
        }
        if (b == '\r') {
            afterCr = true;
            keys.enter();
        } else if (b == '\n') {
            keys.enter();
        } else if (b == ESC) {
            inSequence = true;
            sequence.setLength(0);
        } else if (b < 0x20 || b == 0x7F) {
            keys.control(b);
        } else {
            keys.character(b);
        }
    }

    private void lead(int b) {
        afterCr = false;
        if (b >= 0xC2 && b <= 0xDF) {
            start(b & 0x1F, 1, 0x80);
        } else if (b >= 0xE0 && b <= 0xEF) {
            start(b & 0x0F, 2, 0x800);
        } else if (b >= 0xF0 && b <= 0xF4) {
            start(b & 0x07, 3, 0x10000);
        } else {
            emit(0xFFFD);
        }
    }

    private void start(int bits, int continuation, int smallest) {
        codePoint = bits;
        needed = continuation;
        min = smallest;
    }

    private void emit(int cp) {
        if (inSequence) {
            inSequence = false; // a character inside a sequence ends it: the sequence was garbage
        }
        keys.character(cp);
    }

    private void escape(int b) {
        if (sequence.length() == 0) {
            if (b == '[' || b == 'O') {
                sequence.append((char) b);
                return;
            }
            inSequence = false; // ESC and one key (Alt-x): not a key the editor knows
            return;
        }
        sequence.append((char) b);
        boolean finalByte = sequence.charAt(0) == 'O' || b >= 0x40 && b <= 0x7E;
        if (finalByte) {
            inSequence = false;
            keys.sequence(sequence.toString());
        } else if (sequence.length() >= MAX_SEQUENCE) {
            inSequence = false;
        }
    }
}
