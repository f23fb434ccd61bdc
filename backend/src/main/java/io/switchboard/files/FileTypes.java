package io.switchboard.files;

/**
 * The media type a file is served as, decided by its first bytes, never by what the uploader
 * claims: PNG, JPEG, GIF and WebP may show inline; everything else (SVG and HTML included, which
 * can carry script) is application/octet-stream, always an attachment.
 */
public final class FileTypes {
    /** The type every file that is not a known image is served as. */
    public static final String BINARY = "application/octet-stream";
    /** Bytes needed to recognise every type here. */
    static final int SNIFF = 12;

    private FileTypes() {
    }

    /** The type of content starting with {@code head} (its first {@code length} bytes). */
    public static String of(byte[] head, int length) {
        if (starts(head, length, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(head, length, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(head, length, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (starts(head, length, 'R', 'I', 'F', 'F') && length >= SNIFF && head[8] == 'W' && head[9] == 'E'
                && head[10] == 'B' && head[11] == 'P') {
            return "image/webp";
        }
        return BINARY;
    }

    /** Whether files of {@code type} may be shown inline: the images above only. */
    public static boolean inline(String type) {
        return type.equals("image/png") || type.equals("image/jpeg") || type.equals("image/gif")
                || type.equals("image/webp");
    }

    private static boolean starts(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
