package io.certwiz.server.browser;

import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
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
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

/**
 * A certification authority outside certwiz (a root and an issuing intermediate, EC P-256), made with
 * BouncyCastle, that signs the wizard's offline requests the way a public CA would.
 */
record OutsideCa(X509Certificate root, X509Certificate intermediate, PrivateKey intermediateKey) {
    static final String ROOT_SUBJECT = "CN=Outside Root CA,O=Outside Trust Services";
    static final String ISSUING_SUBJECT = "CN=Outside Issuing CA,O=Outside Trust Services";
    private static final SecureRandom RANDOM = new SecureRandom();

    static OutsideCa create() throws Exception {
        Instant now = Instant.now();
        KeyPair rootKeys = ecKey();
        X500Name rootName = new X500Name(ROOT_SUBJECT);
        X509Certificate root = build(
                rootName,
                rootKeys,
                rootName,
                rootKeys.getPrivate(),
                null,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(3650)),
                -1,
                List.of());
        KeyPair issuingKeys = ecKey();
        X509Certificate intermediate = build(
                new X500Name(ISSUING_SUBJECT),
                issuingKeys,
                rootName,
                rootKeys.getPrivate(),
                root,
                now.minus(Duration.ofDays(1)),
                now.plus(Duration.ofDays(1825)),
                0,
                List.of());
        return new OutsideCa(root, intermediate, issuingKeys.getPrivate());
    }

    /** Issues a server certificate (serverAuth and clientAuth) for a PEM request: its subject, key and SANs. */
    X509Certificate sign(String csrPem) throws Exception {
        PKCS10CertificationRequest csr;
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            csr = (PKCS10CertificationRequest) parser.readObject();
        }
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
        KeyPair subjectKey = new KeyPair(new JcaPKCS10CertificationRequest(csr).getPublicKey(), null);
        Instant now = Instant.now();
        return build(
                csr.getSubject(),
                subjectKey,
                X500Name.getInstance(intermediate.getSubjectX500Principal().getEncoded()),
                intermediateKey,
                intermediate,
                now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(90)),
                -2,
                names);
    }

    /** A server certificate for a key made here, and that key with its chain as a password-protected PKCS#12. */
    byte[] pfx(List<String> dnsNames, char[] password) throws Exception {
        KeyPair keys = ecKey();
        Instant now = Instant.now();
        X509Certificate leaf = build(
                new X500Name("CN=" + dnsNames.getFirst()),
                keys,
                X500Name.getInstance(intermediate.getSubjectX500Principal().getEncoded()),
                intermediateKey,
                intermediate,
                now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(90)),
                -2,
                dnsNames);
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", keys.getPrivate(), password, new X509Certificate[] {leaf, intermediate, root});
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        store.store(out, password);
        return out.toByteArray();
    }

    static String pem(X509Certificate... certificates) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            for (X509Certificate certificate : certificates) {
                writer.writeObject(certificate);
            }
        }
        return out.toString();
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** pathLength: -1 a CA without a limit, 0 or more a CA with that limit, -2 an end-entity certificate. */
    private static X509Certificate build(
            X500Name subject,
            KeyPair keys,
            X500Name issuer,
            PrivateKey issuerKey,
            X509Certificate issuerCertificate,
            Instant notBefore,
            Instant notAfter,
            int pathLength,
            List<String> dnsNames)
            throws Exception {
        JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
        boolean ca = pathLength > -2;
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(64, RANDOM).add(BigInteger.ONE),
                Date.from(notBefore),
                Date.from(notAfter),
                subject,
                keys.getPublic());
        builder.addExtension(
                Extension.basicConstraints,
                true,
                !ca
                        ? new BasicConstraints(false)
                        : pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength));
        builder.addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(ca ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.digitalSignature));
        builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
        builder.addExtension(
                Extension.authorityKeyIdentifier,
                false,
                issuerCertificate == null
                        ? utils.createAuthorityKeyIdentifier(keys.getPublic())
                        : utils.createAuthorityKeyIdentifier(issuerCertificate));
        if (!dnsNames.isEmpty()) {
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(dnsNames.stream()
                            .map(n -> new GeneralName(GeneralName.dNSName, n))
                            .toArray(GeneralName[]::new)));
        }
        if (!ca) {
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
            }));
        }
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }
}
