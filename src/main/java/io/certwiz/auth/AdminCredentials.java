package io.certwiz.auth;

import io.certwiz.audit.AuditLog;
import io.certwiz.store.Settings;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The administrator's credential for the wizard and the API: a random 256-bit token shown once.
 * Only its SHA-256 is stored (the token is high-entropy, so a plain hash suffices), compared in
 * constant time.
 */
public final class AdminCredentials {
    static final String SETTING = "admin.token-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final Settings settings;
    private final AuditLog audit;
    private final Clock clock;

    public AdminCredentials(Store store, Settings settings, AuditLog audit, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.audit = audit;
        this.clock = clock;
    }

    /** Makes a new token inside the caller's transaction, replacing any old one; returns it. */
    public String issue(Transaction tx, String actor) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "cwz_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        settings.put(tx, SETTING, hash(token));
        audit.append(tx, clock.instant(), actor, "admin.token-issued", List.of(), "");
        return token;
    }

    public String reset(String actor) {
        return store.write(tx -> issue(tx, actor));
    }

    public boolean verify(String token) {
        return login(token).isPresent();
    }

    /**
     * When {@code token} is the current one, the token's generation: an opaque value that changes with
     * every new token, for sessions to remember what they were made with ({@link #generation}).
     */
    public Optional<String> login(String token) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        String expected = store.read(tx -> settings.get(tx, SETTING)).orElse(null);
        if (expected == null) {
            return Optional.empty();
        }
        boolean valid = MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII),
                hash(token.strip()).getBytes(StandardCharsets.US_ASCII));
        return valid ? Optional.of(generationOf(expected)) : Optional.empty();
    }

    /**
     * The current token's generation, read from the store: a session made with an older token no longer
     * matches, on every server of a pool alike. Empty when there is no token.
     */
    public Optional<String> generation() {
        return store.read(tx -> settings.get(tx, SETTING)).map(AdminCredentials::generationOf);
    }

    private static String generationOf(String storedHash) {
        return hash("certwiz/admin-token-generation/" + storedHash).substring(0, 32);
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
