package io.switchboard.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.SplittableRandom;

/**
 * Deterministic pseudo-random bytes, produced and checked piece by piece with a running SHA-256,
 * so a test can move 50 MB and compare both ends without holding it anywhere.
 */
public final class DataStream {
    private final SplittableRandom random;
    private final MessageDigest digest = RelayClient.sha256();

    public DataStream(long seed) {
        random = new SplittableRandom(seed);
    }

    /** Fills {@code block[0..n)} with the next bytes of the stream. */
    public void next(byte[] block, int n) {
        for (int i = 0; i < n; i += 8) {
            long word = random.nextLong();
            for (int j = 0; j < 8 && i + j < n; j++) {
                block[i + j] = (byte) (word >>> (8 * j));
            }
        }
        digest.update(block, 0, n);
    }

    /** SHA-256 of everything produced so far. */
    public byte[] digest() {
        return digest.digest();
    }

    /** Writes {@code total} bytes of a new stream with {@code seed}; returns their SHA-256. */
    public static byte[] write(OutputStream out, long total, long seed) throws IOException {
        DataStream data = new DataStream(seed);
        byte[] block = new byte[64 * 1024];
        for (long sent = 0; sent < total; sent += block.length) {
            int n = (int) Math.min(block.length, total - sent);
            data.next(block, n);
            out.write(block, 0, n);
        }
        out.flush();
        return data.digest();
    }

    /** What {@link #write} would produce: the SHA-256 of {@code total} bytes with {@code seed}. */
    public static byte[] expected(long total, long seed) {
        DataStream data = new DataStream(seed);
        byte[] block = new byte[64 * 1024];
        for (long done = 0; done < total; done += block.length) {
            data.next(block, (int) Math.min(block.length, total - done));
        }
        return data.digest();
    }

    /** Reads to end of stream; the count and SHA-256 of what was read. */
    public static Summary readAll(InputStream in) throws IOException {
        MessageDigest digest = RelayClient.sha256();
        byte[] block = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(block)) >= 0) {
            digest.update(block, 0, n);
            total += n;
        }
        return new Summary(total, digest.digest());
    }

    /** SHA-256 of {@code bytes}. */
    public static byte[] sha256(byte[] bytes) {
        return RelayClient.sha256().digest(bytes);
    }

    /** How many bytes, and their SHA-256. */
    public record Summary(long bytes, byte[] sha256) {
    }
}
