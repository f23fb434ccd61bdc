package io.switchboard.files;

/**
 * Names people give their files, made harmless: only the last path segment, no control or
 * formatting characters (bidi overrides could disguise an extension), no leading dots, bounded
 * length. The name is only ever shown and sent back in headers: the file on disk is named by id.
 */
public final class FileNames {
    static final int MAX_CHARS = 120;
    private static final String FALLBACK = "file";

    private FileNames() {
    }

    /** {@code raw} as a safe display name; "file" when nothing is left of it. */
    public static String clean(String raw) {
        if (raw == null) {
            return FALLBACK;
        }
        String name = raw;
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        StringBuilder out = new StringBuilder(Math.min(name.length(), MAX_CHARS));
        name.codePoints().forEach(c -> {
            int type = Character.getType(c);
            boolean hidden = type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                    || type == Character.PRIVATE_USE || type == Character.UNASSIGNED
                    || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
            if (out.codePointCount(0, out.length()) >= MAX_CHARS) {
                return;
            }
            if (Character.isWhitespace(c)) {
                out.append(' '); // tabs and newlines too: a name is one line
            } else if (!hidden) {
                out.appendCodePoint(c);
            }
        });
        String cleaned = out.toString().strip().replaceAll("^[. ]+", "").replaceAll("[. ]+$", "");
        return cleaned.isEmpty() ? FALLBACK : cleaned;
    }
}
