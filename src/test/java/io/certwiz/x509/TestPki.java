package io.certwiz.x509;

import io.certwiz.crypto.Providers;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** Small certificates, keys and encodings for tests; EC P-256 keys so that making them is fast. */
public final class TestPki {
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private TestPki() {}

    public static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", Providers.bc());
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair rsaKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate and the key it certifies. */
    public record Issued(X509Certificate certificate, KeyPair keys) {}

    public static Issued selfSignedCa(String cn) {
        KeyPair keys = ecKey();
        return new Issued(build(cn, keys, cn, keys.getPrivate(), true, List.of()), keys);
    }

    public static Issued leaf(String cn, Issued issuer, String... dnsNames) {
        KeyPair keys = ecKey();
        return new Issued(
                build(
                        cn,
                        keys,
                        issuer.certificate().getSubjectX500Principal().getName(),
                        issuer.keys().getPrivate(),
                        false,
                        List.of(dnsNames)),
                keys);
    }

    private static X509Certificate build(
            String subject, KeyPair keys, String issuerDn, PrivateKey issuerKey, boolean ca, List<String> dns) {
        try {
            Instant now = Instant.now();
            X500Principal subjectDn = new X500Principal(subject.contains("=") ? subject : "CN=" + subject);
            X500Principal issuer = new X500Principal(issuerDn.contains("=") ? issuerDn : "CN=" + issuerDn);
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(Duration.ofDays(30))),
                    subjectDn,
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            if (!dns.isEmpty()) {
                List<GeneralName> names = new ArrayList<>();
                for (String name : dns) {
                    names.add(new GeneralName(GeneralName.dNSName, name));
                }
                builder.addExtension(
                        Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            }
            ContentSigner signer = signer(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContentSigner signer(PrivateKey key) throws Exception {
        String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaContentSignerBuilder(algorithm).build(key);
    }

    public static byte[] der(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate... certificates) {
        return Pem.certificates(List.of(certificates));
    }

    /** A degenerate (certificates-only) PKCS#7 SignedData, as a .p7b file holds it. */
    public static byte[] p7b(X509Certificate... certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(List.of(certificates)));
            CMSSignedData data = generator.generate(new CMSProcessableByteArray(new byte[0]), false);
            return data.getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 file with the key and its chain under one alias. */
    public static byte[] pfx(PrivateKey key, char[] password, X509Certificate... chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("key", key, password, chain);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 file with trusted certificates only (no key). */
    public static byte[] pfxCertificatesOnly(char[] password, X509Certificate... certificates) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("cert" + i++, certificate);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static PKCS10CertificationRequest csr(String cn, KeyPair keys) {
        try {
            return new JcaPKCS10CertificationRequestBuilder(new X500Principal("CN=" + cn), keys.getPublic())
                    .build(signer(keys.getPrivate()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
