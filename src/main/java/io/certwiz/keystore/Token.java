package io.certwiz.keystore;

import io.certwiz.CertwizException;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.KeyType;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * One configured token, logged in: the JDK's SunPKCS11 provider over its slot, registered with the JCA
 * (so that TLS and signatures find it for its keys), and the token's key store. Keys are generated
 * sensitive and not extractable; each is then stored on the token with a placeholder certificate,
 * because the PKCS#11 key store lists a private key only beside a certificate with its CKA_ID.
 */
public final class Token {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Each provider gets its own name: the JCA keeps only the first of a name, and a key takes only its own. */
    private static final java.util.concurrent.atomic.AtomicInteger INSTANCES =
            new java.util.concurrent.atomic.AtomicInteger();

    private final TokenConfig config;
    private final Provider provider;
    private final KeyStore keyStore;
    private final String label;
    private final long slot;

    private Token(TokenConfig config, Provider provider, KeyStore keyStore, String label, long slot) {
        this.config = config;
        this.provider = provider;
        this.keyStore = keyStore;
        this.label = label;
        this.slot = slot;
    }

    /** Loads the module, finds the slot, logs in with {@code pin}. */
    static Token open(TokenConfig config, char[] pin) {
        String name = config.name();
        if (!java.nio.file.Files.isReadable(config.library())) {
            throw CertwizException.error("token " + name + ": the PKCS#11 module " + config.library()
                    + (java.nio.file.Files.exists(config.library()) ? " cannot be read" : " does not exist"));
        }
        long slot;
        String label = config.tokenLabel();
        if (config.slot() != null) {
            slot = config.slot();
            if (label == null) {
                label = labelOf(config, slot);
            }
        } else {
            Slots.Slot found = Slots.byLabel(config.library(), label, name);
            if ((found.flags() & Slots.CKF_USER_PIN_LOCKED) != 0) {
                throw CertwizException.error(
                        "token " + name + ": the token's user PIN is locked (CKF_USER_PIN_LOCKED)");
            }
            slot = found.id();
        }
        Provider provider;
        try {
            Provider base = java.security.Security.getProvider("SunPKCS11");
            if (base == null) {
                throw CertwizException.error("this JDK has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
            }
            provider = base.configure(providerConfig(config, slot));
        } catch (CertwizException e) {
            throw e;
        } catch (RuntimeException e) {
            throw CertwizException.error("token " + name + ": the PKCS#11 module " + config.library() + " cannot open "
                    + config.where() + ": " + Tokens.oneLine(e));
        }
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS11", provider);
            keyStore.load(null, pin);
            java.security.Security.addProvider(provider);
            return new Token(config, provider, keyStore, label, slot);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw CertwizException.error(
                    "token " + name + ": cannot log in with the " + config.pinSource() + ": " + Tokens.loginReason(e));
        }
    }

    /** The token's label, when the module can be asked (else the URIs name the slot). */
    private static String labelOf(TokenConfig config, long slot) {
        try {
            return Slots.list(config.library()).stream()
                    .filter(s -> s.id() == slot)
                    .map(Slots.Slot::label)
                    .findFirst()
                    .orElse(null);
        } catch (CertwizException e) {
            return null;
        }
    }

    private static String providerConfig(TokenConfig config, long slot) {
        return "--name = certwiz-" + config.name() + "-" + INSTANCES.incrementAndGet() + "\n"
                + "library = \"" + config.library().toAbsolutePath() + "\"\n"
                + "slot = " + slot + "\n"
                // Made as session objects, then copied to the token by the key store with their CKA_ID: a
                // key whose request fails before that leaves nothing behind.
                + "attributes(generate, CKO_PRIVATE_KEY, *) = {\n"
                + "  CKA_TOKEN = false\n  CKA_PRIVATE = true\n  CKA_SENSITIVE = true\n  CKA_EXTRACTABLE = false\n}\n"
                + "attributes(generate, CKO_PUBLIC_KEY, *) = {\n  CKA_TOKEN = false\n}\n"
                + (config.disabledMechanisms().isEmpty()
                        ? ""
                        : "disabledMechanisms = {\n  " + String.join("\n  ", config.disabledMechanisms()) + "\n}\n");
    }

    public String name() {
        return config.name();
    }

    public TokenConfig config() {
        return config;
    }

    Provider provider() {
        return provider;
    }

    /** Whether {@code uri} names an object on this token. */
    boolean holds(Pkcs11Uri uri) {
        if (uri.token() != null) {
            return uri.token().equals(label);
        }
        return uri.slotId() != null && uri.slotId() == slot;
    }

    /** A new key pair on the token; the private key is the token object, named by the returned URI. */
    synchronized GeneratedKey generate(KeyType type, Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(type.algorithm(), provider);
            generator.initialize(
                    type.isRsa()
                            ? new RSAKeyGenParameterSpec(type.bits(), RSAKeyGenParameterSpec.F4)
                            : new ECGenParameterSpec(type.bits() == 256 ? "secp256r1" : "secp384r1"));
            KeyPair session = generator.generateKeyPair();
            byte[] id = new byte[16];
            RANDOM.nextBytes(id);
            String alias = "certwiz-" + HexFormat.of().formatHex(id);
            keyStore.setKeyEntry(
                    alias, session.getPrivate(), null, new Certificate[] {placeholder(session, alias, now)});
            Key stored = keyStore.getKey(alias, null);
            if (!(stored instanceof PrivateKey privateKey)) {
                throw CertwizException.error("token " + name() + ": the new key was not stored on the token");
            }
            Pkcs11Uri uri = Pkcs11Uri.privateKey(label, slot, alias.getBytes(StandardCharsets.US_ASCII));
            return new GeneratedKey(new KeyPair(session.getPublic(), privateKey), uri);
        } catch (GeneralSecurityException | RuntimeException e) {
            if (e instanceof CertwizException c) {
                throw c;
            }
            throw CertwizException.error(
                    "token " + name() + ": cannot generate a " + type.id() + " key: " + Tokens.oneLine(e), e);
        }
    }

    /** The self-signed certificate kept beside a key on the token until a real one replaces it. */
    private X509Certificate placeholder(KeyPair keys, String alias, Instant now) {
        X500Name name = new X500Name("CN=" + alias + ", OU=certwiz key placeholder");
        try {
            var builder = new JcaX509v3CertificateBuilder(
                    name,
                    BigInteger.ONE,
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(365 * 30))),
                    name,
                    keys.getPublic());
            String algorithm = keys.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
            return CertificateReader.certificate(builder.build(
                    new JcaContentSignerBuilder(algorithm).setProvider(provider).build(keys.getPrivate())));
        } catch (OperatorCreationException e) {
            throw CertwizException.error("token " + name() + ": cannot sign with the new key: " + e.getMessage(), e);
        }
    }

    /**
     * Why this token cannot sign for TLS 1.3 with the RSA key {@code key}, or null when it can. TLS 1.3
     * signs with RSA-PSS only: the JDK's TLS engine asks the token for RSASSA-PSS (CKM_RSA_PKCS_PSS);
     * Conscrypt pads itself and asks for raw RSA (CKM_RSA_X_509). Both are tried on a test message.
     */
    String rsaTls13Gap(PrivateKey key) {
        byte[] message = new byte[32];
        RANDOM.nextBytes(message);
        try {
            java.security.Signature pss = java.security.Signature.getInstance("RSASSA-PSS", provider);
            pss.initSign(key);
            pss.setParameter(new java.security.spec.PSSParameterSpec(
                    "SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            pss.update(message);
            pss.sign();
        } catch (GeneralSecurityException | RuntimeException e) {
            return "token " + name() + " cannot make RSA-PSS signatures (CKM_RSA_PKCS_PSS: " + Tokens.oneLine(e) + ")";
        }
        try {
            javax.crypto.Cipher raw = javax.crypto.Cipher.getInstance("RSA/ECB/NoPadding", provider);
            raw.init(javax.crypto.Cipher.ENCRYPT_MODE, key);
            raw.doFinal(new byte[] {1, 2, 3});
        } catch (GeneralSecurityException | RuntimeException e) {
            return "token " + name() + " cannot make raw RSA signatures (CKM_RSA_X_509: " + Tokens.oneLine(e)
                    + "), which the TLS engine (Conscrypt) pads for RSA-PSS";
        }
        return null;
    }

    /** The private key that {@code uri} names; a one-line error when the token no longer has it. */
    synchronized PrivateKey privateKey(Pkcs11Uri uri, java.util.function.Supplier<char[]> pin) {
        try {
            Key key = keyStore.getKey(uri.alias(), null);
            if (key == null) {
                // Made by another process since this one logged in: read the token's objects again.
                char[] secret = pin.get();
                try {
                    keyStore.load(null, secret);
                } finally {
                    Arrays.fill(secret, '\0');
                }
                key = keyStore.getKey(uri.alias(), null);
            }
            if (key instanceof PrivateKey privateKey) {
                return privateKey;
            }
            throw CertwizException.error("token " + name() + " has no private key " + uri);
        } catch (IOException | GeneralSecurityException e) {
            throw CertwizException.error("token " + name() + ": cannot read the key " + uri + ": " + Tokens.oneLine(e));
        }
    }

    /** Destroys the key {@code uri} names and its placeholder certificate. */
    synchronized void delete(Pkcs11Uri uri) {
        try {
            keyStore.deleteEntry(uri.alias());
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("token " + name() + ": cannot delete " + uri + ": " + Tokens.oneLine(e));
        }
    }
}
