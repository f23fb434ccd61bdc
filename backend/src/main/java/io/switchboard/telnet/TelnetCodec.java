package io.switchboard.telnet;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The telnet layer of one connection, fed raw bytes: commands and negotiation are consumed and
 * answered, data bytes go to the {@link Handler}. Independent of any socket: the transport
 * feeds what it read and writes {@link #takeReplies()} back, once per read.
 *
 * <p>Besides RFC 854/855 this answers {@code DO TIMING-MARK} at once (a client that sent
 * IP or AO shows nothing until it is answered) and repairs what a BSD telnet in its default
 * line mode does to UTF-8: it takes some continuation bytes for its special characters with
 * the high bit ignored (0x83 ^C, 0x8F ^O, 0x9A ^Z, 0x9C ^\) and sends IP, AO, SUSP or BRK in
 * their place. Such a command in the middle of a UTF-8 sequence is put back as the byte typed.
 */
public final class TelnetCodec {
    /** What the codec found in the stream. */
    public interface Handler {
        /** One data byte (0xFF unescaped). */
        void data(int b);

        /** A command that was not a repaired byte: EC, EL, AYT, IP, AO, BRK, SUSP, ABORT, XEOF. */
        void command(int command);

        /** The client's window size (NAWS); 0 means unknown. */
        void windowSize(int columns, int rows);

        /** The client's terminal type (TTYPE IS). */
        void terminalType(String name);

        /** An option was turned on or off. */
        void optionsChanged();
    }

    private static final int[] OURS = {Telnet.BINARY, Telnet.ECHO, Telnet.SGA};
    private static final int[] THEIRS = {Telnet.BINARY, Telnet.SGA, Telnet.NAWS, Telnet.TTYPE};
    private static final int MAX_SUB = 64; // NAWS needs 8 bytes, a terminal type at most 40

    private enum State { DATA, IAC, VERB, SB, SB_DATA, SB_IAC }

    private final Handler handler;
    private final ByteArrayOutputStream replies = new ByteArrayOutputStream();
    private final Options options;
    private final byte[] sub = new byte[MAX_SUB];
    private State state = State.DATA;
    private int verb;
    private int subOption;
    private int subLength;
    private int continuations; // UTF-8 continuation bytes the data stream still expects
    private boolean spoken;
    private boolean offered;
    private boolean askedType;
    private boolean paused;

    public TelnetCodec(Handler handler) {
        this.handler = handler;
        this.options = new Options(this::send, OURS, THEIRS);
    }

    /**
     * Feeds bytes as read from the connection; returns how many were taken: all of them, unless the
     * handler called {@link #pause} on one (the bytes after it are not telnet: a file's content).
     */
    public int feed(byte[] bytes, int offset, int count) {
        paused = false;
        for (int i = offset; i < offset + count; i++) {
            accept(bytes[i] & 0xFF);
            if (paused) {
                return i - offset + 1;
            }
        }
        return count;
    }

    /** Stops the feed in progress after the byte being handled. */
    public void pause() {
        paused = true;
    }

    /** Replies owed to the client since the last call (empty when none). */
    public byte[] takeReplies() {
        if (replies.size() == 0) {
            return EMPTY;
        }
        byte[] out = replies.toByteArray();
        replies.reset();
        return out;
    }

    private static final byte[] EMPTY = new byte[0];

    /** Whether the client has sent any telnet command: it is a telnet client. */
    public boolean spoken() {
        return spoken;
    }

    /**
     * Offers character mode once: we echo and suppress go-ahead, BINARY both ways (so UTF-8
     * passes untouched), and ask for the window size and terminal type.
     */
    public void offerCharacterMode() {
        if (offered) {
            return;
        }
        offered = true;
        options.askUs(Telnet.ECHO, true);
        options.askUs(Telnet.SGA, true);
        options.askHim(Telnet.SGA, true);
        options.askUs(Telnet.BINARY, true);
        options.askHim(Telnet.BINARY, true);
        options.askHim(Telnet.NAWS, true);
        options.askHim(Telnet.TTYPE, true);
    }

    /** Whether the offer has been made. */
    public boolean offered() {
        return offered;
    }

    /** True once the client agreed that we echo and go-ahead is suppressed: the server edits lines. */
    public boolean characterMode() {
        return options.us(Telnet.ECHO) && options.us(Telnet.SGA);
    }

    /** Whether the client agreed to receive 8-bit data (otherwise a bare CR goes out as CR NUL). */
    public boolean binaryOutput() {
        return options.us(Telnet.BINARY);
    }

    private void accept(int b) {
        switch (state) {
            case DATA -> {
                if (b == Telnet.IAC) {
                    state = State.IAC;
                } else {
                    data(b);
                }
            }
            case IAC -> command(b);
            case VERB -> {
                state = State.DATA;
                negotiate(verb, b);
            }
            case SB -> {
                subOption = b;
                subLength = 0;
                state = State.SB_DATA;
            }
            case SB_DATA -> {
                if (b == Telnet.IAC) {
                    state = State.SB_IAC;
                } else {
                    subByte(b);
                }
            }
            case SB_IAC -> {
                if (b == Telnet.SE) {
                    state = State.DATA;
                    subnegotiation();
                } else {
                    state = State.SB_DATA;
                    subByte(b); // IAC IAC inside a subnegotiation is a 255 data byte
                }
            }
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void data(int b) {
        if (b >= 0xC0 && b < 0xF8) {
            continuations = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;
        } else if ((b & 0xC0) == 0x80 && continuations > 0) {
            continuations--;
        } else {
            continuations = 0;
        }
        handler.data(b);
    }

    private void command(int b) {
        state = State.DATA;
        spoken |= b != Telnet.IAC; // IAC IAC is only an escaped data byte
        switch (b) {
            case Telnet.IAC -> data(Telnet.IAC);
            case Telnet.WILL, Telnet.WONT, Telnet.DO, Telnet.DONT -> {
                verb = b;
                state = State.VERB;
            }
            case Telnet.SB -> state = State.SB;
            case Telnet.IP, Telnet.AO, Telnet.SUSP, Telnet.BRK -> {
                int typed = continuations > 0 ? repaired(b) : -1;
                if (typed >= 0) {
                    data(typed);
                } else {
                    handler.command(b);
                }
            }
            case Telnet.NOP, Telnet.GA, Telnet.DM, Telnet.SE -> { } // nothing to do for a chat line
            default -> handler.command(b);
        }
    }

    /** The byte a line-mode telnet turned into {@code command} (its special character, high bit set). */
    private static int repaired(int command) {
        return switch (command) {
            case Telnet.IP -> 0x80 | 0x03;   // ^C, intr
            case Telnet.AO -> 0x80 | 0x0F;   // ^O, flush output
            case Telnet.SUSP -> 0x80 | 0x1A; // ^Z, susp
            case Telnet.BRK -> 0x80 | 0x1C;  // ^\, quit
            default -> -1;
        };
    }

    private void negotiate(int verb, int option) {
        if (option == Telnet.TIMING_MARK) {
            // A one-shot mark, never a state: "everything before this has been processed".
            if (verb == Telnet.DO) {
                send(Telnet.WILL, Telnet.TIMING_MARK);
            }
            return;
        }
        if (options.received(verb, option)) {
            if (option == Telnet.TTYPE && options.him(Telnet.TTYPE) && !askedType) {
                askedType = true;
                replies.write(Telnet.IAC);
                replies.write(Telnet.SB);
                replies.write(Telnet.TTYPE);
                replies.write(Telnet.SEND);
                replies.write(Telnet.IAC);
                replies.write(Telnet.SE);
            }
            handler.optionsChanged();
        }
    }

    private void subByte(int b) {
        if (subLength < MAX_SUB) {
            sub[subLength++] = (byte) b;
        }
    }

    private void subnegotiation() {
        if (subOption == Telnet.NAWS && subLength >= 4) {
            int columns = (sub[0] & 0xFF) << 8 | sub[1] & 0xFF;
            int rows = (sub[2] & 0xFF) << 8 | sub[3] & 0xFF;
            handler.windowSize(columns, rows);
        } else if (subOption == Telnet.TTYPE && subLength >= 1 && sub[0] == Telnet.IS) {
            handler.terminalType(new String(sub, 1, subLength - 1, StandardCharsets.US_ASCII));
        }
    }

    private void send(int verb, int option) {
        replies.write(Telnet.IAC);
        replies.write(verb);
        replies.write(option);
    }
}
