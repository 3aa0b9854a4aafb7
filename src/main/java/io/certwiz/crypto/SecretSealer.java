package io.certwiz.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals small secrets kept in the store (an EAB HMAC key, a pool's nonce key): AES-256-GCM under a key
 * derived from the master key with HMAC-SHA256 over a label naming its use, kept as base64(nonce(12) ||
 * ciphertext and tag), and bound to associated data naming the secret. Private keys go through
 * {@link KeyVault} instead.
 */
public final class SecretSealer {
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    private SecretSealer(SecretKey key) {
        this.key = key;
    }

    /** The sealer for one use ({@code label}); the master key's bytes are wiped here. */
    public static SecretSealer derive(byte[] masterKey, String label) throws GeneralSecurityException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(masterKey, "HmacSHA256"));
            return new SecretSealer(new SecretKeySpec(mac.doFinal(label.getBytes(StandardCharsets.US_ASCII)), "AES"));
        } finally {
            Arrays.fill(masterKey, (byte) 0);
        }
    }

    public String seal(byte[] secret, String associatedData) throws GeneralSecurityException {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(secret);
        return Base64.getEncoder()
                .encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                        .put(nonce)
                        .put(sealed)
                        .array());
    }

    /** The secret; a wrong key, wrong associated data or damaged text fails (IllegalArgumentException: not base64). */
    public byte[] open(String sealed, String associatedData) throws GeneralSecurityException {
        byte[] bytes = Base64.getDecoder().decode(sealed);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
    }
}
