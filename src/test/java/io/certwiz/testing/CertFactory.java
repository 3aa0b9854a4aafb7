package io.certwiz.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * Makes test certificates in memory (EC P-256, fast) with the shapes the command-level tests need:
 * roots, intermediates, leaves with chosen names and validity, and writes them as PEM, DER, PKCS#7
 * or PKCS#12 files. Independent of the code under test.
 */
public final class CertFactory {
    private static final SecureRandom RANDOM = new SecureRandom();

    private CertFactory() {}

    /** A certificate with its key. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
        public PrivateKey key() {
            return keys.getPrivate();
        }
    }

    public static KeyPair ecKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Issued root(String cn) {
        Instant now = Instant.now();
        return root(cn, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
    }

    public static Issued root(String cn, Instant notBefore, Instant notAfter) {
        KeyPair keys = ecKey();
        X500Name name = new X500Name("CN=" + cn + ",O=certwiz tests");
        return new Issued(
                build(name, keys, name, keys.getPrivate(), null, notBefore, notAfter, true, List.of(), null, null),
                keys);
    }

    public static Issued intermediate(String cn, Issued issuer) {
        Instant now = Instant.now();
        KeyPair keys = ecKey();
        return new Issued(
                build(
                        new X500Name("CN=" + cn + ",O=certwiz tests"),
                        keys,
                        subject(issuer),
                        issuer.key(),
                        issuer.certificate(),
                        now.minus(Duration.ofDays(1)),
                        now.plus(Duration.ofDays(1825)),
                        true,
                        List.of(),
                        null,
                        null),
                keys);
    }

    /** A server certificate with serverAuth and clientAuth and these DNS names (the first is the CN). */
    public static Issued leaf(Issued issuer, List<String> dnsNames) {
        Instant now = Instant.now();
        return leaf(issuer, dnsNames, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }

    public static Issued leaf(Issued issuer, List<String> dnsNames, Instant notBefore, Instant notAfter) {
        return leaf(issuer, dnsNames, notBefore, notAfter, null);
    }

    private static Issued leaf(
            Issued issuer, List<String> dnsNames, Instant notBefore, Instant notAfter, String ocspUrl) {
        KeyPair keys = ecKey();
        return new Issued(
                build(
                        new X500Name("CN=" + dnsNames.getFirst()),
                        keys,
                        subject(issuer),
                        issuer.key(),
                        issuer.certificate(),
                        notBefore,
                        notAfter,
                        false,
                        dnsNames,
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth},
                        ocspUrl),
                keys);
    }

    /** What a CA does with a PEM request: a server certificate for its subject, key and requested SANs. */
    public static X509Certificate signRequest(Path csrFile, Issued issuer) {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(csrFile))) {
            PKCS10CertificationRequest csr = (PKCS10CertificationRequest) parser.readObject();
            List<String> names = new ArrayList<>();
            for (Attribute attribute : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
                Extensions extensions =
                        Extensions.getInstance(attribute.getAttrValues().getObjectAt(0));
                GeneralNames sans = GeneralNames.fromExtensions(extensions, Extension.subjectAlternativeName);
                for (GeneralName name : sans == null ? new GeneralName[0] : sans.getNames()) {
                    if (name.getTagNo() == GeneralName.dNSName) {
                        names.add(name.getName().toString());
                    }
                }
            }
            KeyPair keys = new KeyPair(new JcaPKCS10CertificationRequest(csr).getPublicKey(), null);
            Instant now = Instant.now();
            return build(
                    csr.getSubject(),
                    keys,
                    subject(issuer),
                    issuer.key(),
                    issuer.certificate(),
                    now.minus(Duration.ofHours(1)),
                    now.plus(Duration.ofDays(90)),
                    false,
                    names,
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth},
                    null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X500Name subject(Issued issued) {
        return X500Name.getInstance(
                issued.certificate().getSubjectX500Principal().getEncoded());
    }

    /** As {@link #leaf(Issued, List)}, naming {@code ocspUrl} as its OCSP responder (AIA). */
    public static Issued leafWithOcsp(Issued issuer, List<String> dnsNames, String ocspUrl) {
        Instant now = Instant.now();
        return leaf(issuer, dnsNames, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)), ocspUrl);
    }

    private static X509Certificate build(
            X500Name subject,
            KeyPair keys,
            X500Name issuer,
            PrivateKey issuerKey,
            X509Certificate issuerCertificate,
            Instant notBefore,
            Instant notAfter,
            boolean ca,
            List<String> dnsNames,
            KeyPurposeId[] ekus,
            String ocspUrl) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    new BigInteger(64, RANDOM).add(BigInteger.ONE),
                    Date.from(notBefore),
                    Date.from(notAfter),
                    subject,
                    keys.getPublic());
            builder.addExtension(
                    Extension.basicConstraints, true, ca ? new BasicConstraints(true) : new BasicConstraints(false));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    issuerCertificate == null
                            ? utils.createAuthorityKeyIdentifier(keys.getPublic())
                            : utils.createAuthorityKeyIdentifier(issuerCertificate));
            if (!dnsNames.isEmpty()) {
                GeneralName[] names = dnsNames.stream()
                        .map(n -> new GeneralName(GeneralName.dNSName, n))
                        .toArray(GeneralName[]::new);
                builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            }
            if (ekus != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(ekus));
            }
            if (ocspUrl != null) {
                builder.addExtension(
                        Extension.authorityInfoAccess,
                        false,
                        new org.bouncycastle.asn1.x509.AuthorityInformationAccess(
                                org.bouncycastle.asn1.x509.AccessDescription.id_ad_ocsp,
                                new GeneralName(GeneralName.uniformResourceIdentifier, ocspUrl)));
            }
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    public static String pem(Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                // Keys as PKCS#8 "PRIVATE KEY", as openssl genpkey writes them.
                if (object instanceof PrivateKey key) {
                    writer.writeObject(new JcaPKCS8Generator(key, null));
                } else {
                    writer.writeObject(object);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    public static Path writePem(Path file, Object... objects) {
        return write(file, pem(objects).getBytes(StandardCharsets.US_ASCII));
    }

    public static Path writeDer(Path file, X509Certificate certificate) {
        try {
            return write(file, certificate.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] p7b(X509Certificate... certificates) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addCertificates(new JcaCertStore(List.of(certificates)));
            return generator.generate(new CMSAbsentContent()).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 with one key entry: the key and its chain, under the password (JDK defaults, AES). */
    public static byte[] pfx(PrivateKey key, char[] password, X509Certificate... chain) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("test", key, password, chain);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password);
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads every certificate from a PEM or DER file with the JDK's parser. */
    public static List<X509Certificate> read(Path file) {
        try (var in = Files.newInputStream(file)) {
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
