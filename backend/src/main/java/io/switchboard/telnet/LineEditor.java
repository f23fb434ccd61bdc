package io.switchboard.telnet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The line being typed by a member in character mode, edited on the server: the text as code
 * points (one Backspace removes one character however many bytes or columns it takes), the
 * cursor, the member's own earlier lines for Up/Down, and Tab completion. Knows nothing of the
 * screen: a view draws it.
 */
public final class LineEditor {
    /** What Tab may complete: nicks and commands. */
    public interface Completer {
        /** Candidates for {@code word}; {@code first}: the word starts the line. */
        List<String> candidates(String word, boolean first);
    }

    private static final int HISTORY = 100;

    private final int maxBytes;
    private final List<String> history = new ArrayList<>();
    private int[] text = new int[64];
    private int length;
    private int cursor;
    private int bytes;
    private int browsing = -1; // index into history while Up/Down browse it
    private String draft = "";

    /** {@code maxBytes}: the longest line, in UTF-8 bytes, that may be typed. */
    public LineEditor(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    public int length() {
        return length;
    }

    public int cursor() {
        return cursor;
    }

    public int codePointAt(int index) {
        return text[index];
    }

    /** The text typed so far. */
    public String text() {
        return new String(text, 0, length);
    }

    /** Inserts at the cursor; false (nothing changes) when the line would pass its byte limit. */
    public boolean insert(int codePoint) {
        int size = utf8(codePoint);
        if (bytes + size > maxBytes) {
            return false;
        }
        if (length == text.length) {
            text = Arrays.copyOf(text, length * 2);
        }
        System.arraycopy(text, cursor, text, cursor + 1, length - cursor);
        text[cursor++] = codePoint;
        length++;
        bytes += size;
        return true;
    }

    /** Inserts every character of {@code s} that fits. */
    public void insert(String s) {
        s.codePoints().forEach(this::insert);
    }

    public boolean backspace() {
        if (cursor == 0) {
            return false;
        }
        remove(cursor - 1, cursor);
        return true;
    }

    /** Deletes the character under the cursor. */
    public boolean delete() {
        if (cursor == length) {
            return false;
        }
        remove(cursor, cursor + 1);
        return true;
    }

    public boolean left() {
        if (cursor == 0) {
            return false;
        }
        cursor--;
        return true;
    }

    public boolean right() {
        if (cursor == length) {
            return false;
        }
        cursor++;
        return true;
    }

    public boolean home() {
        boolean moved = cursor != 0;
        cursor = 0;
        return moved;
    }

    public boolean end() {
        boolean moved = cursor != length;
        cursor = length;
        return moved;
    }

    /** Ctrl-U: deletes from the start of the line to the cursor. */
    public boolean killToStart() {
        return remove(0, cursor);
    }

    /** Ctrl-C, or telnet's erase-line: the whole line goes. */
    public boolean killLine() {
        return remove(0, length);
    }

    /** Ctrl-K: deletes from the cursor to the end of the line. */
    public boolean killToEnd() {
        return remove(cursor, length);
    }

    /** Ctrl-W: deletes the word before the cursor and the spaces after it. */
    public boolean killWord() {
        int from = cursor;
        while (from > 0 && text[from - 1] == ' ') {
            from--;
        }
        while (from > 0 && text[from - 1] != ' ') {
            from--;
        }
        return remove(from, cursor);
    }

    /** Up: the member's previous line, keeping what was being typed for Down to bring back. */
    public boolean up() {
        if (history.isEmpty() || browsing == 0) {
            return false;
        }
        if (browsing < 0) {
            draft = text();
            browsing = history.size();
        }
        browsing--;
        replace(history.get(browsing));
        return true;
    }

    /** Down: the next line in the member's history, then what was being typed. */
    public boolean down() {
        if (browsing < 0) {
            return false;
        }
        browsing++;
        if (browsing == history.size()) {
            browsing = -1;
            replace(draft);
        } else {
            replace(history.get(browsing));
        }
        return true;
    }

    /** Enter: the line typed, remembered for Up (unless blank or a repeat); the editor is emptied. */
    public String submit() {
        String line = text();
        if (!line.isBlank() && (history.isEmpty() || !history.get(history.size() - 1).equals(line))) {
            if (history.size() == HISTORY) {
                history.remove(0);
            }
            history.add(line);
        }
        browsing = -1;
        draft = "";
        replace("");
        return line;
    }

    /**
     * Tab: completes the word before the cursor. One candidate is inserted whole; several are
     * completed to their common prefix and, if that adds nothing, returned for showing.
     */
    public List<String> complete(Completer completer) {
        int from = cursor;
        while (from > 0 && text[from - 1] != ' ') {
            from--;
        }
        boolean first = true;
        for (int i = 0; i < from; i++) {
            first &= text[i] == ' ';
        }
        String word = new String(text, from, cursor - from);
        String folded = word.toLowerCase(Locale.ROOT);
        List<String> matches = new ArrayList<>();
        for (String candidate : completer.candidates(word, first)) {
            if (candidate.toLowerCase(Locale.ROOT).startsWith(folded)) {
                matches.add(candidate);
            }
        }
        if (matches.isEmpty()) {
            return List.of();
        }
        if (matches.size() == 1) {
            String done = matches.get(0);
            remove(from, cursor);
            insert(done + (first && !done.startsWith("/") ? ": " : " "));
            return List.of();
        }
        String common = commonPrefix(matches);
        if (common.codePointCount(0, common.length()) > word.codePointCount(0, word.length())) {
            remove(from, cursor);
            insert(common);
            return List.of();
        }
        return matches;
    }

    private static String commonPrefix(List<String> words) {
        String prefix = words.get(0);
        for (String w : words) {
            int n = 0;
            while (n < prefix.length() && n < w.length()
                    && Character.toLowerCase(prefix.charAt(n)) == Character.toLowerCase(w.charAt(n))) {
                n++;
            }
            prefix = prefix.substring(0, n);
        }
        return prefix;
    }

    private void replace(String line) {
        length = 0;
        cursor = 0;
        bytes = 0;
        insert(line);
    }

    private boolean remove(int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            bytes -= utf8(text[i]);
        }
        System.arraycopy(text, to, text, from, length - to);
        length -= to - from;
        if (cursor >= to) {
            cursor -= to - from;
        } else if (cursor > from) {
            cursor = from;
        }
        return true;
    }

    private static int utf8(int codePoint) {
        return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    }
}
