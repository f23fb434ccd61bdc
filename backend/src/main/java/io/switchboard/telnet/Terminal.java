package io.switchboard.telnet;

import io.switchboard.render.TerminalView;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The terminal side of one TCP connection, independent of the socket code: bytes in, lines and
 * bytes out. A client starts as a plain line client (nc, scripts, bench: nothing but the lines
 * they are sent, never a telnet byte). Once it shows it is a telnet client, by sending a telnet
 * command or ending a line with CR (telnet's newline is CR LF; nc's is LF), it is offered
 * character mode; if it agrees, the server echoes and edits the line ({@link LineEditor}),
 * shows a prompt, and writes the room's lines above the input line, redrawing it below them.
 *
 * <p>The reader and the member's writer both call in. Each call holds this object's lock, and
 * its caller must hand what it produced to the connection before the next call (an event loop
 * does both on one thread), so echo, redraws and the room's lines reach the screen in the order
 * they were made.
 */
public final class Terminal implements TelnetCodec.Handler {
    /** What the terminal needs from its connection. */
    public interface Host extends LineEditor.Completer {
        /** The prompt to show now. */
        String prompt();
    }

    /** What the user did, for the connection to act on once the lock is released. */
    public sealed interface Input {
        /** A line typed. */
        record Line(String text) implements Input { }

        /** A line over the limit ended and was dropped. */
        record TooLong(int limit) implements Input { }

        /** Telnet's "are you there?". */
        record AreYouThere() implements Input { }

        /** A {@code /file NAME SIZE} header: SIZE raw bytes follow as {@link FileData}, then {@link FileEnd}. */
        record FileStart(String name, long size) implements Input { }

        /** The next bytes of the file announced. */
        record FileData(byte[] bytes) implements Input { }

        /** The file's last byte came ({@code complete}: lines again from here), or the stream ended before it. */
        record FileEnd(boolean complete) implements Input { }

        /** A /file line that starts no file, and why (a bad header, or a telnet client). */
        record NoFile(String reason) implements Input { }
    }

    private static final int BELL = 0x07;
    private static final String[] COLOUR_TERMINALS = {"xterm", "screen", "tmux", "rxvt", "linux", "ansi", "color",
        "putty", "konsole", "gnome", "alacritty", "kitty", "cygwin", "vt220-color"};

    private final TelnetCodec codec = new TelnetCodec(this);
    private EditorKeys editing; // with the editor, in character mode
    private KeyDecoder keys;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final LineDecoder lines;
    private final Host host;
    private final int maxBytes;
    private List<Input> inputs;
    private FileFraming file; // counting a file's bytes, after its header
    private LineEditor editor; // set in character mode
    private int columns = 80;
    private String type = "";
    private boolean drawn;
    private int cursorRow;

    /** {@code maxBytes}: the longest line; {@code host}: the prompt and the completions. */
    public Terminal(int maxBytes, Host host) {
        this.maxBytes = maxBytes;
        this.host = host;
        this.lines = new LineDecoder(maxBytes, new LineDecoder.Listener() {
            @Override
            public void line(String text) {
                received(text);
            }

            @Override
            public void tooLong(int limit) {
                inputs.add(new Input.TooLong(limit));
            }
        });
    }

    /**
     * Feeds what was read; appends what the user did to {@code into} and returns the bytes owed
     * to the client (negotiation replies, echo, the redrawn line), to be written before unlocking.
     */
    public synchronized byte[] receive(byte[] bytes, int offset, int count, List<Input> into) {
        inputs = into;
        for (int at = offset, end = offset + count; at < end;) {
            // The codec stops right after a /file header; the file's bytes then bypass telnet and lines.
            at += file == null ? codec.feed(bytes, at, end - at) : file.take(bytes, at, end - at, into);
            file = file != null && file.done() ? null : file;
        }
        if (!codec.offered() && (codec.spoken() || lines.sawCr())) {
            codec.offerCharacterMode();
        }
        byte[] replies = codec.takeReplies();
        if (screen.size() == 0) {
            return replies;
        }
        byte[] drawing = screen.toByteArray();
        screen.reset();
        byte[] all = Arrays.copyOf(replies, replies.length + drawing.length);
        System.arraycopy(drawing, 0, all, replies.length, drawing.length);
        return all;
    }

    /** A line from the line decoder; after a /file header the file's bytes are counted off raw. */
    private void received(String text) {
        if (FileFraming.isHeader(text)) {
            file = FileFraming.start(text, codec, lines, inputs);
        } else {
            inputs.add(new Input.Line(text));
        }
    }

    /** The peer closed its side: a line typed but not ended still counts. */
    public synchronized void finish(List<Input> into) {
        inputs = into;
        if (file != null) {
            into.add(new Input.FileEnd(false));
        } else if (editor == null) {
            lines.finish();
        } else if (editor.length() > 0) {
            into.add(new Input.Line(editor.submit()));
        }
    }

    /**
     * Writes a batch of the room's lines: in character mode above the input line, which is
     * erased first and drawn again after them.
     */
    public synchronized void write(List<byte[]> batch, OutputStream out) throws IOException {
        if (editor == null) {
            for (byte[] payload : batch) {
                out.write(payload);
            }
            return;
        }
        if (drawn) {
            TerminalView.erase(screen, cursorRow, nvt());
        }
        screen.writeTo(out);
        screen.reset();
        for (byte[] payload : batch) {
            out.write(payload);
        }
        draw();
        screen.writeTo(out);
        screen.reset();
    }

    /** Whether the server edits this client's lines. */
    public synchronized boolean characterMode() {
        return editor != null;
    }

    /** Whether the client's terminal type is one known to show ANSI colours. */
    public synchronized boolean colour() {
        String name = type.toLowerCase(Locale.ROOT);
        for (String known : COLOUR_TERMINALS) {
            if (name.contains(known)) {
                return true;
            }
        }
        return false;
    }

    /** The client's window width in columns (80 until it says). */
    public synchronized int columns() {
        return columns;
    }

    @Override
    public void data(int b) {
        if (editor != null) {
            keys.data(b);
        } else {
            lines.data(b);
        }
    }

    @Override
    public void command(int command) {
        switch (command) {
            case Telnet.EC -> {
                if (editor == null) {
                    lines.erase();
                } else {
                    editing.control(0x7F);
                }
            }
            case Telnet.EL, Telnet.IP, Telnet.BRK, Telnet.ABORT -> {
                // Interrupting a line means starting it over (the client's tty dropped its copy too).
                if (editor == null) {
                    lines.clear();
                } else {
                    editing.control(0x03);
                }
            }
            case Telnet.AYT -> inputs.add(new Input.AreYouThere());
            default -> { } // AO, SUSP, EOF: the timing mark that follows is answered; nothing else to undo
        }
    }

    @Override
    public void windowSize(int width, int height) {
        if (drawn) {
            TerminalView.erase(screen, cursorRow, nvt());
        }
        columns = width > 0 ? width : 80;
        if (drawn) {
            draw();
        }
    }

    @Override
    public void terminalType(String name) {
        type = name;
    }

    @Override
    public void optionsChanged() {
        if (editor == null && codec.characterMode()) {
            editor = new LineEditor(maxBytes);
            editing = new EditorKeys(editor, new Screen());
            keys = new KeyDecoder(editing);
            editor.insert(new String(lines.takePartial(), StandardCharsets.UTF_8));
            draw();
        } else if (editor != null && !codec.characterMode()) {
            if (drawn) {
                TerminalView.erase(screen, cursorRow, nvt());
                drawn = false;
            }
            editor = null; // the client edits locally again
            editing = null;
            keys = null;
        }
    }

    private void complete() {
        List<String> choices = editor.complete(host);
        if (!choices.isEmpty()) {
            // Several fit and none is longer: list them above the line, as a shell does.
            TerminalView.erase(screen, cursorRow, nvt());
            byte[] list = (String.join("  ", choices) + "\r\n").getBytes(StandardCharsets.UTF_8);
            screen.write(list, 0, list.length);
            drawn = false;
        }
        redraw();
    }

    private void redraw() {
        if (drawn) {
            TerminalView.erase(screen, cursorRow, nvt());
        }
        draw();
    }

    private void draw() {
        cursorRow = TerminalView.draw(screen, host.prompt(), editor, columns, nvt());
        drawn = true;
    }

    private boolean nvt() {
        return !codec.binaryOutput();
    }

    /** What the editor's keys do to this terminal's screen and input. */
    private final class Screen implements EditorKeys.Screen {
        @Override
        public void redraw() {
            Terminal.this.redraw();
        }

        @Override
        public void bell() {
            screen.write(BELL);
        }

        @Override
        public void complete() {
            Terminal.this.complete();
        }

        @Override
        public void submit(String line) {
            inputs.add(FileFraming.isHeader(line) ? FileFraming.TELNET : new Input.Line(line));
        }
    }
}
