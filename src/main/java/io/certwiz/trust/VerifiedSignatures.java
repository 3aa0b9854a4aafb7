package io.certwiz.trust;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signatures already found valid: a certificate's exact DER under an issuer's exact public key verifies
 * the same way every time, so a CA certificate's signature (checked on every chain it is part of) is
 * verified once per process. Only successes are kept, keyed by SHA-256 of both; the cache is bounded
 * and simply starts over when full.
 */
final class VerifiedSignatures {
    static final int CAPACITY = 4096;
    private static final Map<String, Boolean> VERIFIED = new ConcurrentHashMap<>();

    private VerifiedSignatures() {}

    static boolean known(byte[] certificate, byte[] issuerKey) {
        return VERIFIED.containsKey(key(certificate, issuerKey));
    }

    static void remember(byte[] certificate, byte[] issuerKey) {
        if (VERIFIED.size() >= CAPACITY) {
            VERIFIED.clear();
        }
        VERIFIED.put(key(certificate, issuerKey), Boolean.TRUE);
    }

    private static String key(byte[] certificate, byte[] issuerKey) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String child = HexFormat.of().formatHex(digest.digest(certificate));
            return child + ":" + HexFormat.of().formatHex(digest.digest(issuerKey));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
