package io.certwiz.crypto;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;

/** Checks that a private key belongs to a public key by signing a random challenge and verifying it. */
public final class KeyMatch {
    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyMatch() {}

    public static boolean matches(PrivateKey privateKey, PublicKey publicKey) {
        String keyAlgorithm = canonical(privateKey.getAlgorithm());
        if (!keyAlgorithm.equals(canonical(publicKey.getAlgorithm()))) {
            return false;
        }
        String algorithm = switch (keyAlgorithm) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] challenge = new byte[32];
            RANDOM.nextBytes(challenge);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /** BouncyCastle names EC keys read from PEM "ECDSA"; the JDK names them "EC". */
    private static String canonical(String algorithm) {
        return algorithm.equals("ECDSA") ? "EC" : algorithm;
    }
}
