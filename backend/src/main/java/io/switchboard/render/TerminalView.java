package io.switchboard.render;

import io.switchboard.telnet.LineEditor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.jline.utils.WCWidth;

/**
 * The input line of a telnet member in character mode, as bytes for its terminal: the prompt,
 * the text typed so far and the cursor, wrapped at the window's width by the terminal's own
 * rule (a wide character that does not fit the row moves whole to the next one), so the view
 * always knows the row the cursor is on and can erase exactly what it drew.
 */
public final class TerminalView {
    private static final byte[] CLEAR_BELOW = "\u001b[J".getBytes(StandardCharsets.US_ASCII);

    private TerminalView() {
    }

    /** The prompt: who you are and where, e.g. {@code [小明 #lobby] }. */
    public static String prompt(String nick, String room) {
        return "[" + nick + " #" + room + "] ";
    }

    /**
     * Appends what draws {@code prompt} and the editor's text, then puts the cursor where the
     * editor's is; returns that row, counted from the prompt's first row. {@code nvt}: the client
     * has not agreed to binary output, so a bare CR must go out as CR NUL.
     */
    public static int draw(ByteArrayOutputStream out, String prompt, LineEditor editor, int columns, boolean nvt) {
        int width = Math.max(columns, 2);
        int row = 0;
        int col = 0;
        int cursorRow = -1;
        int cursorCol = 0;
        byte[] text = prompt.getBytes(StandardCharsets.UTF_8);
        out.write(text, 0, text.length);
        for (int i = 0, n = prompt.length(); i < n; ) {
            int cp = prompt.codePointAt(i);
            i += Character.charCount(cp);
            int w = width(cp);
            if (col + w > width) {
                row++;
                col = 0;
            }
            col += w;
        }
        StringBuilder typed = new StringBuilder(editor.length() + 8);
        for (int i = 0; i < editor.length(); i++) {
            int cp = editor.codePointAt(i);
            int w = width(cp);
            if (col + w > width) {
                row++;
                col = 0;
            }
            if (i == editor.cursor()) {
                cursorRow = row;
                cursorCol = col;
            }
            typed.appendCodePoint(cp);
            col += w;
        }
        byte[] bytes = typed.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
        if (col >= width) {
            // The terminal holds the cursor on the last column until the next character; make the wrap happen now.
            newline(out);
            row++;
            col = 0;
        }
        if (cursorRow < 0) {
            return row; // the cursor is at the end, where the terminal's already is
        }
        if (row > cursorRow) {
            csi(out, row - cursorRow, 'A');
        }
        carriageReturn(out, nvt);
        if (cursorCol > 0) {
            csi(out, cursorCol, 'C');
        }
        return cursorRow;
    }

    /** Appends what takes the cursor from {@code row} back to the prompt's start and clears the line and all below. */
    public static void erase(ByteArrayOutputStream out, int row, boolean nvt) {
        carriageReturn(out, nvt);
        if (row > 0) {
            csi(out, row, 'A');
        }
        out.write(CLEAR_BELOW, 0, CLEAR_BELOW.length);
    }

    /** Columns a character takes: CJK and other wide characters two, combining marks none. */
    public static int width(int codePoint) {
        return Math.max(0, WCWidth.wcwidth(codePoint));
    }

    private static void newline(ByteArrayOutputStream out) {
        out.write('\r');
        out.write('\n');
    }

    private static void carriageReturn(ByteArrayOutputStream out, boolean nvt) {
        out.write('\r');
        if (nvt) {
            out.write(0);
        }
    }

    private static void csi(ByteArrayOutputStream out, int n, char command) {
        byte[] seq = ("\u001b[" + n + command).getBytes(StandardCharsets.US_ASCII);
        out.write(seq, 0, seq.length);
    }
}
