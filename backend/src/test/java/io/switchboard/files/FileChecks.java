package io.switchboard.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/** What the file tests share: content, digests, the address in a file line, what is on disk. */
final class FileChecks {
    static final OkHttpClient HTTP = new OkHttpClient();
    private static final Pattern LINE = Pattern.compile(
            "-!- (\\S+) shared (.+) \\((.+), sha256 ([0-9a-f]{8})\u2026\\): curl -O (\\S+)");

    private FileChecks() {
    }

    /** A file line as terminals see it. */
    record Line(String nick, String name, String size, String shaPrefix, String url) {
    }

    static Line parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            throw new AssertionError("not a file line: " + line);
        }
        return new Line(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5));
    }

    /** Bytes that are not text: every value, IAC and newlines included. */
    static byte[] content(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        if (size > 4) {
            bytes[0] = (byte) 0xFF;
            bytes[1] = '\n';
            bytes[2] = '\r';
            bytes[3] = 0;
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body at {@code url}, which must answer 200. */
    static byte[] download(String url) throws IOException {
        try (Response r = HTTP.newCall(new Request.Builder().url(url).build()).execute()) {
            if (r.code() != 200) {
                throw new AssertionError(url + " answered " + r.code() + ": " + r.body().string());
            }
            return r.body().bytes();
        }
    }

    /** Stored contents and partial uploads under a store's directory. */
    static List<Path> leftovers(Path filesDir) throws IOException {
        if (!Files.exists(filesDir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(filesDir)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }
}
