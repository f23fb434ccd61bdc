package io.switchboard.core;

import java.nio.charset.StandardCharsets;

/**
 * Cleans member text before anyone sees it: terminal escape sequences (CSI, OSC, DCS and
 * friends, in their 7-bit and 8-bit forms), other control characters and bidi overrides are
 * removed, so one member can never clear, recolour or retitle another member's terminal, or
 * make text read backwards. Line breaks survive as {@code \n}; tabs become spaces.
 */
public final class Sanitize {
    private static final int ESC = 0x1B;
    private static final int BEL = 0x07;

    private Sanitize() {
    }

    /** The text with escapes and controls removed, lines right-trimmed, blank edges dropped, leading blanks too. */
    public static String text(String raw) {
        StringBuilder out = new StringBuilder(raw.length());
        int i = 0;
        int n = raw.length();
        while (i < n) {
            int c = raw.codePointAt(i);
            i += Character.charCount(c);
            if (c == ESC) {
                i = skipEscape(raw, i);
            } else if (c == 0x9B) {
                i = skipCsi(raw, i);
            } else if (c == 0x9D || c == 0x90 || c == 0x98 || c == 0x9E || c == 0x9F) {
                i = skipString(raw, i);
            } else if (c == '\r') {
                out.append('\n');
                if (i < n && raw.charAt(i) == '\n') {
                    i++;
                }
            } else if (c == '\n') {
                out.append('\n');
            } else if (c == '\t') {
                out.append(' ');
            } else if (c < 0x20 || c >= 0x7F && c <= 0x9F || isBidiControl(c)) {
                // dropped: control characters have no business in chat text
            } else {
                out.appendCodePoint(c);
            }
        }
        return trimLines(out);
    }

    /** Keeps at most {@code max} lines, replacing the rest with a marker saying how many were cut. */
    public static String limitLines(String text, int max) {
        int at = -1;
        for (int line = 0; line < max; line++) {
            at = text.indexOf('\n', at + 1);
            if (at < 0) {
                return text;
            }
        }
        int cut = (int) text.substring(at + 1).lines().count();
        return text.substring(0, at) + "\n[" + cut + " more line" + (cut == 1 ? "" : "s") + " cut]";
    }

    /**
     * {@code text} cut to at most {@code maxBytes} of UTF-8 (whole characters only), with a marker
     * saying how much was cut: a message is bounded in bytes, not only in lines.
     */
    public static String limitBytes(String text, int maxBytes) {
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                int total = text.getBytes(StandardCharsets.UTF_8).length;
                return text.substring(0, i) + " [" + (total - bytes) + " more bytes cut]";
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text;
    }

    private static boolean isBidiControl(int c) {
        return c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0x061C;
    }

    private static int skipEscape(String s, int i) {
        if (i >= s.length()) {
            return i;
        }
        char kind = s.charAt(i);
        switch (kind) {
            case '[':
                return skipCsi(s, i + 1);
            case ']':
            case 'P':
            case 'X':
            case '^':
            case '_':
                return skipString(s, i + 1);
            default:
                // Two-character sequences (ESC c resets the terminal, ESC 7 saves the cursor...);
                // charset designations such as ESC ( B carry one more character.
                if (kind == '(' || kind == ')' || kind == '*' || kind == '+' || kind == '#' || kind == '%') {
                    return Math.min(s.length(), i + 2);
                }
                return i + 1;
        }
    }

    private static int skipCsi(String s, int i) {
        // Parameters and intermediates are 0x20-0x3F; the final byte is 0x40-0x7E.
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c >= 0x40 && c <= 0x7E) {
                return i;
            }
            if (c < 0x20 || c > 0x3F) {
                return i - 1; // malformed: stop skipping, let the main loop judge this character
            }
        }
        return i;
    }

    private static int skipString(String s, int i) {
        // Operating-system commands and device strings end with BEL, ST (ESC \) or 8-bit ST.
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == BEL || c == 0x9C) {
                return i;
            }
            if (c == ESC) {
                return i < s.length() && s.charAt(i) == '\\' ? i + 1 : i;
            }
        }
        return i;
    }

    private static String trimLines(StringBuilder text) {
        String[] lines = text.toString().split("\n", -1);
        StringBuilder out = new StringBuilder(text.length());
        int first = 0;
        int last = lines.length - 1;
        while (first <= last && lines[first].isBlank()) {
            first++;
        }
        while (last >= first && lines[last].isBlank()) {
            last--;
        }
        for (int k = first; k <= last; k++) {
            if (k > first) {
                out.append('\n');
            }
            out.append(k == first ? lines[k].strip() : lines[k].stripTrailing());
        }
        return out.toString();
    }
}
