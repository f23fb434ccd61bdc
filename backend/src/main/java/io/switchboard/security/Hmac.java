package io.switchboard.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 with the operator's secret, random nonces, and comparisons in constant time. */
public final class Hmac {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private final SecretKeySpec key;

    public Hmac(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** HMAC-SHA256(secret, message). */
    public byte[] sign(byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** True when {@code answerHex} is the hex HMAC of {@code message}; never short-circuits on content. */
    public boolean verify(byte[] message, String answerHex) {
        byte[] answer;
        try {
            answer = HEX.parseHex(answerHex.strip().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sign(message), answer);
    }

    /** True when {@code given} equals the secret itself, compared in constant time. */
    public static boolean sameSecret(String secret, String given) {
        return given != null && MessageDigest.isEqual(secret.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code count} fresh random bytes. */
    public static byte[] nonce(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    public static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }
}
