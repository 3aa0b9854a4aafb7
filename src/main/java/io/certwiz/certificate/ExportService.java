package io.certwiz.certificate;

import io.certwiz.CertwizException;
import io.certwiz.audit.AuditLog;
import io.certwiz.crypto.KeyMatch;
import io.certwiz.crypto.KeyOwner;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.Providers;
import io.certwiz.crypto.StoredKey;
import io.certwiz.keystore.KeyService;
import io.certwiz.store.Store;
import io.certwiz.trust.ChainReport;
import io.certwiz.x509.Pem;
import io.certwiz.x509.Thumbprint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.crypto.spec.PBEParameterSpec;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Encodes a stored certificate as PEM, DER, PKCS#7 or PKCS#12, optionally with its chain and, when its
 * key is exportable, its private key under a password (PKCS#12 with AES-256-CBC/PBKDF2/HMAC-SHA-256, or
 * encrypted PKCS#8 PEM). What holds a key (or is a PFX) is marked secret: a file of it is created 0600.
 */
public final class ExportService {
    public enum Format {
        pem,
        der,
        p7b,
        pfx;

        public static Format parse(String text) {
            try {
                return valueOf(text.strip().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CertwizException.badUsage("unknown format '" + text + "'; choose pem, der, p7b or pfx");
            }
        }
    }

    /**
     * What to export; {@code unencrypted} writes a PEM key without a password (for servers such as nginx
     * that read a plain key file), only when asked for explicitly.
     */
    public record Request(
            String thumbprint, Format format, boolean chain, boolean withKey, char[] password, boolean unencrypted) {
        public Request(String thumbprint, Format format, boolean chain, boolean withKey, char[] password) {
            this(thumbprint, format, chain, withKey, password, false);
        }
    }

    /** The encoded certificates ({@code content}); {@code secret} when it holds a key or is a PFX. */
    public record Exported(
            String thumbprint, String format, int certificates, boolean privateKey, boolean secret, byte[] content) {}

    private static final int PBKDF2_ITERATIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Store store;
    private final KeyService keyService;
    private final HeldCertificates held;
    private final KeyRecords keys;
    private final AuditLog audit;
    private final Clock clock;
    private final String actor;

    public ExportService(
            Store store,
            KeyService keyService,
            HeldCertificates held,
            KeyRecords keys,
            AuditLog audit,
            Clock clock,
            String actor) {
        this.store = store;
        this.keyService = keyService;
        this.held = held;
        this.keys = keys;
        this.audit = audit;
        this.clock = clock;
        this.actor = actor;
    }

    public Exported export(Request request) {
        Format format = request.format() == null ? Format.pem : request.format();
        if (request.withKey() && (format == Format.der || format == Format.p7b)) {
            throw CertwizException.badUsage("--with-key needs --format pfx or pem; " + format + " holds no key");
        }
        if (format == Format.der && request.chain()) {
            throw CertwizException.badUsage("DER holds one certificate; use --format p7b or pem for a chain");
        }
        if (request.unencrypted()) {
            if (!request.withKey() || format != Format.pem) {
                throw CertwizException.badUsage("--no-password is for a PEM private key: give --with-key --format pem");
            }
            if (request.password() != null) {
                throw CertwizException.badUsage("--no-password and --password-file contradict each other: give one");
            }
        } else if ((request.withKey() || format == Format.pfx) && request.password() == null) {
            throw CertwizException.badUsage("a " + (format == Format.pfx ? "PFX" : "key")
                    + " is protected by a password: give it with --password-file");
        }
        if (request.password() != null && request.password().length == 0) {
            throw CertwizException.badUsage("the password file is empty");
        }
        record Material(List<X509Certificate> certificates, PrivateKey key, String friendlyName) {}
        Material material = store.write(tx -> {
            StoredCertificate stored = held.resolve(tx, request.thumbprint(), clock.instant());
            Instant now = clock.instant();
            List<X509Certificate> certificates = new ArrayList<>();
            certificates.add(stored.certificate());
            if (request.chain()) {
                ChainReport report = held.trust(tx).analyzer().analyze(stored.certificate(), now);
                certificates.addAll(held.issuers(tx, report, true));
            }
            PrivateKey key = null;
            if (request.withKey()) {
                if (stored.keyId() == null) {
                    throw CertwizException.refused("certificate " + stored.thumbprint() + " has no private key here");
                }
                StoredKey storedKey = keys.find(tx, stored.keyId()).orElseThrow();
                if (storedKey.onToken()) {
                    throw CertwizException.refused("the private key of " + stored.thumbprint()
                            + " lives on a PKCS#11 token (" + storedKey.tokenUri()
                            + ") and never leaves it; export the certificate without --with-key");
                }
                if (!storedKey.exportable()) {
                    throw CertwizException.refused("the private key of " + stored.thumbprint()
                            + " is not exportable; it never leaves this server");
                }
                key = keyService.open(storedKey, KeyOwner.CERTIFICATE);
                if (!KeyMatch.matches(key, stored.certificate().getPublicKey())) {
                    throw CertwizException.error("the private key " + storedKey.id() + " does not belong to "
                            + stored.thumbprint() + ": the store was changed outside certwiz");
                }
            }
            audit.append(
                    tx,
                    now,
                    actor,
                    key == null ? "export" : "export.private-key",
                    List.of(stored.thumbprint().hex()),
                    "format=" + format + (key != null && request.unencrypted() ? " unencrypted" : ""));
            return new Material(certificates, key, stored.friendlyName());
        });
        byte[] bytes = switch (format) {
            case pem -> pem(material.certificates(), material.key(), request.password());
            case der -> Der.of(material.certificates().getFirst());
            case p7b -> p7b(material.certificates());
            case pfx -> pfx(material.certificates(), material.key(), request.password(), material.friendlyName());
        };
        return new Exported(
                Thumbprint.of(material.certificates().getFirst()).hex(),
                format.name(),
                material.certificates().size(),
                material.key() != null,
                material.key() != null || format == Format.pfx,
                bytes);
    }

    private static byte[] pem(List<X509Certificate> certificates, PrivateKey key, char[] password) {
        List<Object> objects = new ArrayList<>(certificates);
        if (key != null && password == null) {
            try {
                objects.add(new JcaPKCS8Generator(key, null).generate());
            } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
                throw CertwizException.error("cannot encode the key: " + e.getMessage(), e);
            }
        } else if (key != null) {
            try {
                objects.add(new JcaPKCS8Generator(
                                key,
                                // AES/CBC/PKCS7Padding is BouncyCastle's name: ask its provider, which
                                // the process may not have registered yet (an RSA key never needs it).
                                new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                                        .setProvider(Providers.bc())
                                        .setPRF(PKCS8Generator.PRF_HMACSHA256)
                                        .setIterationCount(PBKDF2_ITERATIONS)
                                        .setRandom(RANDOM)
                                        .setPassword(password)
                                        .build())
                        .generate());
            } catch (OperatorCreationException | org.bouncycastle.util.io.pem.PemGenerationException e) {
                throw CertwizException.error("cannot encrypt the key: " + e.getMessage(), e);
            }
        }
        return Pem.encodeAll(objects).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] p7b(List<X509Certificate> certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(certificates));
            return generator.generate(new CMSAbsentContent()).getEncoded();
        } catch (CMSException | IOException | GeneralSecurityException e) {
            throw CertwizException.error("cannot write PKCS#7: " + e.getMessage(), e);
        }
    }

    private static byte[] pfx(
            List<X509Certificate> certificates, PrivateKey key, char[] password, String friendlyName) {
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            String alias = friendlyName == null || friendlyName.isBlank()
                    ? Thumbprint.of(certificates.getFirst()).hex().toLowerCase(Locale.ROOT)
                    : friendlyName;
            if (key != null) {
                byte[] salt = new byte[16];
                RANDOM.nextBytes(salt);
                keyStore.setEntry(
                        alias,
                        new KeyStore.PrivateKeyEntry(key, certificates.toArray(Certificate[]::new)),
                        new KeyStore.PasswordProtection(
                                password,
                                "PBEWithHmacSHA256AndAES_256",
                                new PBEParameterSpec(salt, PBKDF2_ITERATIONS)));
            } else {
                for (int i = 0; i < certificates.size(); i++) {
                    keyStore.setCertificateEntry(i == 0 ? alias : alias + "-ca" + i, certificates.get(i));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            keyStore.store(out, password);
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw CertwizException.error("cannot write PKCS#12: " + e.getMessage(), e);
        }
    }

    /** DER bytes of a certificate with a one-line error. */
    private static final class Der {
        static byte[] of(X509Certificate certificate) {
            try {
                return certificate.getEncoded();
            } catch (java.security.cert.CertificateEncodingException e) {
                throw CertwizException.error("cannot encode the certificate: " + e.getMessage(), e);
            }
        }
    }
}
