package io.switchboard.core;

import java.nio.charset.StandardCharsets;

/**
 * A stored file as the room sees it. {@code url} is the address people can fetch it from (with its
 * download key when the gateway has a secret); {@link #path} is the same place relative to the page.
 *
 * @param id     the store's random id (32 hex digits): the only part of the path that finds the file
 * @param name   the sanitised name: no path, no control characters
 * @param size   bytes
 * @param sha256 hex digest of the content
 * @param type   the media type it is served as (an image type, else application/octet-stream)
 * @param url    absolute download address
 */
public record SharedFile(String id, String name, long size, String sha256, String type, String url) {
    private static final String SEPARATOR = "\t";

    /** Where the file is, relative to the page: {@code files/ID/NAME} with the name percent-encoded. */
    public String path() {
        return pathOf(id, name);
    }

    /** The relative download path of file {@code id} called {@code name}. */
    public static String pathOf(String id, String name) {
        return "files/" + id + "/" + encode(name);
    }

    /** Whether the page may show it inline: one of the image types the store recognises by content. */
    public boolean image() {
        return type.startsWith("image/");
    }

    /**
     * The file as one string for stores that keep a text column (SQLite, Redis streams). Tabs cannot
     * occur in any field: names are free of control characters and the rest are hex, digits or URLs.
     */
    public String encode() {
        return String.join(SEPARATOR, id, name, Long.toString(size), sha256, type, url);
    }

    /** The inverse of {@link #encode}; throws IllegalArgumentException on anything else. */
    public static SharedFile decode(String text) {
        String[] f = text.split(SEPARATOR, -1);
        if (f.length != 6) {
            throw new IllegalArgumentException("not a stored file: " + f.length + " fields");
        }
        return new SharedFile(f[0], f[1], Long.parseLong(f[2]), f[3], f[4], f[5]);
    }

    /**
     * Percent-encodes everything but letters, digits and {@code . _ -}: the path is then safe to
     * paste into a shell ({@code curl -O ...}) and into HTML attributes, whatever the name holds.
     */
    static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 16);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
