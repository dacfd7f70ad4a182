package dev.umbra.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Token secrets: random, prefixed by kind, stored only as their SHA-256. */
public final class Tokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Tokens() {
    }

    /** A new secret, e.g. {@code umbra_runner_<43 url-safe characters>} (256 random bits). */
    public static String newSecret(String kind) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "umbra_" + kind + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String secret) {
        return HexFormat.of().formatHex(sha256(secret));
    }

    /**
     * The CSRF token of a session: derived from its secret, so it needs no storage and a page
     * that cannot read the HttpOnly session cookie cannot compute it either.
     */
    public static String csrf(String sessionSecret) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256("csrf:" + sessionSecret));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
