package io.certwiz.x509;

import io.certwiz.CertwizException;
import io.certwiz.crypto.Providers;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The key algorithms and sizes certwiz makes keys for. */
public enum KeyType {
    RSA_2048("rsa-2048", "RSA", 2048),
    RSA_3072("rsa-3072", "RSA", 3072),
    RSA_4096("rsa-4096", "RSA", 4096),
    EC_P256("ec-p256", "EC", 256),
    EC_P384("ec-p384", "EC", 384);

    private final String id;
    private final String algorithm;
    private final int bits;

    KeyType(String id, String algorithm, int bits) {
        this.id = id;
        this.algorithm = algorithm;
        this.bits = bits;
    }

    public String id() {
        return id;
    }

    public String algorithm() {
        return algorithm;
    }

    public int bits() {
        return bits;
    }

    public boolean isRsa() {
        return algorithm.equals("RSA");
    }

    public static KeyType parse(String text) {
        for (KeyType type : values()) {
            if (type.id.equalsIgnoreCase(text.strip())) {
                return type;
            }
        }
        throw CertwizException.badUsage("unknown key type '" + text + "'; choose one of "
                + Arrays.stream(values()).map(KeyType::id).collect(Collectors.joining(", ")));
    }

    public KeyPair generate() {
        try {
            if (isRsa()) {
                // The JDK's RSA generator is as fast as BouncyCastle's and needs no provider start-up.
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Providers.bc());
            generator.initialize(new ECGenParameterSpec(bits == 256 ? "secp256r1" : "secp384r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot generate a " + id + " key: " + e.getMessage(), e);
        }
    }

    /** A short description of any public key, such as "RSA 2048" or "EC 256". */
    public static String describe(PublicKey key) {
        return key.getAlgorithm() + " " + bitsOf(key);
    }

    public static int bitsOf(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return ec.getParams().getOrder().bitLength();
        }
        return 0;
    }

    /** The type of a public key certwiz could make, such as a held certificate's (a renewal keeps it). */
    public static java.util.Optional<KeyType> of(PublicKey key) {
        String algorithm = key.getAlgorithm().equals("ECDSA") ? "EC" : key.getAlgorithm();
        int bits = bitsOf(key);
        for (KeyType type : values()) {
            if (type.algorithm.equals(algorithm) && type.bits == bits) {
                return java.util.Optional.of(type);
            }
        }
        return java.util.Optional.empty();
    }
}
