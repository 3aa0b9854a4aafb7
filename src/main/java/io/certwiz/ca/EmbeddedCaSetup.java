package io.certwiz.ca;

import io.certwiz.CertwizException;
import io.certwiz.crypto.KeyOwner;
import io.certwiz.keystore.GeneratedKey;
import io.certwiz.keystore.KeyService;
import io.certwiz.keystore.KeyStoreChoice;
import io.certwiz.store.Settings;
import io.certwiz.store.Transaction;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.Pem;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/**
 * Makes the embedded CA at init: an EC P-384 root (20 years) and an EC P-256 issuing CA under it (10
 * years, path length 0), their keys in software or on a token, recorded in the store's settings, where
 * {@link EmbeddedCa#load} finds them.
 */
public final class EmbeddedCaSetup {
    private EmbeddedCaSetup() {}

    /**
     * Makes a new root and intermediate inside the caller's transaction and records them in settings; their
     * keys are made in {@code where} (on a token they never leave it). Token keys made for a transaction that
     * then fails are removed again by the caller through {@link KeyService#discard}; here, when this fails.
     */
    public static void create(
            Transaction tx,
            Settings settings,
            KeyService keys,
            KeyStoreChoice where,
            Instant now,
            String organization,
            String baseUrl,
            String pkiUrl) {
        GeneratedKey rootKeys = null;
        GeneratedKey intermediateKeys = null;
        try {
            rootKeys = keys.generate(KeyType.EC_P384, where, now);
            X500Name rootName = name("certwiz Root CA", organization);
            X509Certificate root = caCertificate(
                    rootName,
                    rootKeys.keyPair().getPublic(),
                    rootName,
                    rootKeys.keyPair().getPrivate(),
                    null,
                    now,
                    Duration.ofDays(20 * 365),
                    -1);
            intermediateKeys = keys.generate(KeyType.EC_P256, where, now);
            X500Name intermediateName = name("certwiz Issuing CA 1", organization);
            X509Certificate intermediate = caCertificate(
                    intermediateName,
                    intermediateKeys.keyPair().getPublic(),
                    rootName,
                    rootKeys.keyPair().getPrivate(),
                    root,
                    now,
                    Duration.ofDays(10 * 365),
                    0);
            long rootKeyId = keys.store(tx, rootKeys, KeyOwner.CA_ROOT, false, now);
            long intermediateKeyId = keys.store(tx, intermediateKeys, KeyOwner.CA_ISSUING, false, now);
            settings.put(tx, EmbeddedCa.ROOT_PEM, Pem.encode(root));
            settings.put(tx, EmbeddedCa.INTERMEDIATE_PEM, Pem.encode(intermediate));
            settings.put(tx, EmbeddedCa.ROOT_KEY, Long.toString(rootKeyId));
            settings.put(tx, EmbeddedCa.INTERMEDIATE_KEY, Long.toString(intermediateKeyId));
            settings.put(tx, EmbeddedCa.BASE_URL, baseUrl);
            settings.put(tx, EmbeddedCa.PKI_URL, pkiUrl);
        } catch (RuntimeException e) {
            keys.discard(rootKeys);
            keys.discard(intermediateKeys);
            throw e;
        }
    }

    private static X509Certificate caCertificate(
            X500Name subject,
            PublicKey publicKey,
            X500Name issuer,
            PrivateKey issuerKey,
            X509Certificate issuerCertificate,
            Instant now,
            Duration lifetime,
            int pathLength) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuer,
                    EmbeddedCa.serial(),
                    Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(lifetime)),
                    subject,
                    publicKey);
            builder.addExtension(
                    Extension.basicConstraints,
                    true,
                    pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength));
            builder.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(publicKey));
            if (issuerCertificate != null) {
                builder.addExtension(
                        Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuerCertificate));
            }
            X509CertificateHolder holder = builder.build(EmbeddedCa.signer(issuerKey));
            return CertificateReader.certificate(holder);
        } catch (GeneralSecurityException | IOException e) {
            throw CertwizException.error("cannot make the embedded CA: " + e.getMessage(), e);
        }
    }

    private static X500Name name(String commonName, String organization) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        if (organization != null && !organization.isBlank()) {
            builder.addRDN(BCStyle.O, organization);
        }
        builder.addRDN(BCStyle.CN, commonName);
        return builder.build();
    }
}
