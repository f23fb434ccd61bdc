package io.switchboard.render;

import static io.switchboard.render.Html.escape;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chat text as HTML with its http and https addresses made into links. Everything, the
 * addresses included, is escaped first and only the escaped text goes into the markup; no other
 * scheme and no other markup is ever produced.
 */
final class Links {
    // Stops at whitespace, quotes and angle brackets: none of them can be part of a link anyone means.
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"'`]+", Pattern.CASE_INSENSITIVE);

    private Links() {
    }

    /** {@code text} escaped, with each http(s) address as a link that opens in a new tab. */
    static String linkify(String text) {
        Matcher url = URL.matcher(text);
        StringBuilder out = null;
        int done = 0;
        while (url.find()) {
            int end = trimmedEnd(text, url.start(), url.end());
            if (end <= text.indexOf("://", url.start()) + 3) {
                continue; // only a scheme: nothing to link to
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 64);
            }
            String href = escape(text.substring(url.start(), end));
            out.append(escape(text.substring(done, url.start())))
                    .append("<a href=\"").append(href).append("\" rel=\"noopener noreferrer\" target=\"_blank\">")
                    .append(href).append("</a>");
            done = end;
        }
        return out == null ? escape(text) : out.append(escape(text.substring(done))).toString();
    }

    /**
     * Where a matched address really ends: punctuation closing the sentence around it is not
     * part of it, nor a closing parenthesis it did not open ("(see https://x.org/a)").
     */
    private static int trimmedEnd(String text, int start, int end) {
        while (end > start) {
            char last = text.charAt(end - 1);
            if (".,;:!?".indexOf(last) >= 0) {
                end--;
            } else if (last == ')' && count(text, start, end, '(') < count(text, start, end, ')')) {
                end--;
            } else {
                break;
            }
        }
        return end;
    }

    private static int count(String text, int start, int end, char c) {
        int n = 0;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
