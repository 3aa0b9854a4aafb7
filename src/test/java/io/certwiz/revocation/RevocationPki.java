package io.certwiz.revocation;

import io.certwiz.crypto.Providers;
import io.certwiz.testing.CertFactory;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Certificates and CRLs for revocation tests, each with just the extensions a case needs. */
final class RevocationPki {
    static final Instant NOW = Instant.now();
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    private RevocationPki() {}

    /** Adds a case's extensions. */
    @FunctionalInterface
    interface Extensions {
        void add(X509v3CertificateBuilder builder) throws Exception;
    }

    static CertFactory.Issued ca(String cn, CertFactory.Issued issuer, int keyUsage) {
        KeyPair keys = CertFactory.ecKey();
        X500Name name = new X500Name("CN=" + cn);
        return new CertFactory.Issued(
                certificate(name, keys, issuer, b -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    if (keyUsage != 0) {
                        b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                    }
                }),
                keys);
    }

    /** A CA (keyCertSign, cRLSign) whose AIA names {@code caIssuers} for its issuer. */
    static CertFactory.Issued ca(String cn, CertFactory.Issued issuer, String caIssuers) {
        KeyPair keys = CertFactory.ecKey();
        return new CertFactory.Issued(
                certificate(new X500Name("CN=" + cn), keys, issuer, b -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
                    b.addExtension(Extension.authorityInfoAccess, false, caIssuers(caIssuers));
                }),
                keys);
    }

    static AuthorityInformationAccess caIssuers(String url) {
        return new AuthorityInformationAccess(new AccessDescription(
                AccessDescription.id_ad_caIssuers,
                new GeneralName(GeneralName.uniformResourceIdentifier, new DERIA5String(url))));
    }

    /** A TLS server leaf for {@code dnsName} whose AIA names {@code caIssuers} for its issuer. */
    static CertFactory.Issued leafWithCaIssuers(String dnsName, CertFactory.Issued issuer, String caIssuers) {
        KeyPair keys = CertFactory.ecKey();
        return new CertFactory.Issued(
                certificate(new X500Name("CN=" + dnsName), keys, issuer, b -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    b.addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
                    b.addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
                    b.addExtension(Extension.authorityInfoAccess, false, caIssuers(caIssuers));
                }),
                keys);
    }

    static CertFactory.Issued root(String cn) {
        return ca(cn, null, KeyUsage.keyCertSign | KeyUsage.cRLSign);
    }

    /** A TLS server leaf for leaf.example.com with these distribution points (none when empty). */
    static CertFactory.Issued leaf(CertFactory.Issued issuer, DistributionPoint... points) {
        return leaf(issuer, null, points);
    }

    static CertFactory.Issued leaf(CertFactory.Issued issuer, String ocspUrl, DistributionPoint... points) {
        return leaf("leaf.example.com", issuer, ocspUrl, points);
    }

    /** A TLS server leaf for {@code dnsName} (serverAuth and clientAuth). */
    static CertFactory.Issued leaf(
            String dnsName, CertFactory.Issued issuer, String ocspUrl, DistributionPoint... points) {
        KeyPair keys = CertFactory.ecKey();
        return new CertFactory.Issued(
                certificate(new X500Name("CN=" + dnsName), keys, issuer, b -> {
                    b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                    b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
                    b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                        KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
                    }));
                    b.addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
                    if (points.length > 0) {
                        b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(points));
                    }
                    if (ocspUrl != null) {
                        b.addExtension(
                                Extension.authorityInfoAccess,
                                false,
                                new AuthorityInformationAccess(new AccessDescription(
                                        AccessDescription.id_ad_ocsp,
                                        new GeneralName(
                                                GeneralName.uniformResourceIdentifier, new DERIA5String(ocspUrl)))));
                    }
                }),
                keys);
    }

    static DistributionPoint url(String url) {
        return new DistributionPoint(
                new DistributionPointName(
                        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, url))),
                null,
                null);
    }

    static X509Certificate certificate(
            X500Name subject, KeyPair keys, CertFactory.Issued issuer, Extensions extensions) {
        try {
            X500Name issuerName = issuer == null
                    ? subject
                    : X500Name.getInstance(
                            issuer.certificate().getSubjectX500Principal().getEncoded());
            PrivateKey signer = issuer == null ? keys.getPrivate() : issuer.key();
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    issuerName,
                    BigInteger.valueOf(SERIAL.incrementAndGet()),
                    Date.from(NOW.minus(Duration.ofDays(10))),
                    Date.from(NOW.plus(Duration.ofDays(365))),
                    subject,
                    keys.getPublic());
            builder.addExtension(
                    Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    issuer == null
                            ? utils.createAuthorityKeyIdentifier(keys.getPublic())
                            : utils.createAuthorityKeyIdentifier(issuer.certificate()));
            extensions.add(builder);
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What goes into a CRL. */
    static final class Crl {
        Long number = 1L;
        boolean numberCritical;
        Instant thisUpdate = NOW.minus(Duration.ofHours(1));
        Instant nextUpdate = NOW.plus(Duration.ofDays(1));
        final List<Object[]> entries = new ArrayList<>();
        final List<Object[]> extensions = new ArrayList<>();

        Crl revoke(X509Certificate certificate, int reason) {
            entries.add(new Object[] {certificate.getSerialNumber(), reason, null});
            return this;
        }

        /** An indirect CRL's entry for a certificate of another issuer. */
        Crl revoke(X509Certificate certificate, int reason, X500Name certificateIssuer) {
            entries.add(new Object[] {certificate.getSerialNumber(), reason, certificateIssuer});
            return this;
        }

        Crl extension(org.bouncycastle.asn1.ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
            extensions.add(new Object[] {oid, critical, value});
            return this;
        }

        X509CRL signedBy(CertFactory.Issued issuer) {
            try {
                X509v2CRLBuilder builder = new X509v2CRLBuilder(
                        X500Name.getInstance(
                                issuer.certificate().getSubjectX500Principal().getEncoded()),
                        Date.from(thisUpdate));
                if (nextUpdate != null) {
                    builder.setNextUpdate(Date.from(nextUpdate));
                }
                for (Object[] entry : entries) {
                    org.bouncycastle.asn1.x509.ExtensionsGenerator generator =
                            new org.bouncycastle.asn1.x509.ExtensionsGenerator();
                    int reason = (Integer) entry[1];
                    if (reason != 0) {
                        generator.addExtension(
                                Extension.reasonCode, false, org.bouncycastle.asn1.x509.CRLReason.lookup(reason));
                    }
                    if (entry[2] != null) {
                        generator.addExtension(
                                Extension.certificateIssuer, true, new GeneralNames(new GeneralName((X500Name)
                                        entry[2])));
                    }
                    builder.addCRLEntry(
                            (BigInteger) entry[0],
                            Date.from(NOW.minus(Duration.ofMinutes(30))),
                            generator.isEmpty() ? null : generator.generate());
                }
                builder.addExtension(
                        Extension.authorityKeyIdentifier,
                        false,
                        new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.certificate()));
                if (number != null) {
                    builder.addExtension(
                            Extension.cRLNumber, numberCritical, new CRLNumber(BigInteger.valueOf(number)));
                }
                for (Object[] extension : extensions) {
                    builder.addExtension(
                            (org.bouncycastle.asn1.ASN1ObjectIdentifier) extension[0],
                            (Boolean) extension[1],
                            (ASN1Encodable) extension[2]);
                }
                byte[] der = builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                                .setProvider(Providers.bc())
                                .build(issuer.key()))
                        .getEncoded();
                return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
