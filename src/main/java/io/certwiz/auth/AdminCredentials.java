package io.certwiz.auth;

import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * The administrator's credential for the wizard and the API: a random 256-bit token shown once.
 * Only its SHA-256 is stored (the token is high-entropy, so a plain hash suffices), compared in
 * constant time.
 */
public final class AdminCredentials {
    static final String SETTING = "admin.token-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminCredentials() {}

    /** Makes a new token inside the caller's transaction, replacing any old one; returns it. */
    public static String issue(Transaction tx, String actor) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "cwz_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        tx.putSetting(SETTING, hash(token));
        tx.audit(Instant.now(), actor, "admin.token-issued", List.of(), "");
        return token;
    }

    public static String reset(Store store, String actor) {
        return store.write(tx -> issue(tx, actor));
    }

    public static boolean verify(Store store, String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return false;
        }
        String expected = store.read(tx -> tx.setting(SETTING)).orElse(null);
        if (expected == null) {
            return false;
        }
        return MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                hash(token.strip()).getBytes(StandardCharsets.US_ASCII));
    }

    private static String hash(String token) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
