package io.certwiz.trust;

import io.certwiz.crypto.Providers;
import java.math.BigInteger;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.NameConstraints;
import org.bouncycastle.asn1.x509.TBSCertificate;

/**
 * One certificate as path validation sees it: the JDK object (signatures, names, validity) and
 * BouncyCastle's parse of its TBS and extensions. Extensions that do not parse are recorded as defects
 * rather than thrown, so that path building can still consider the certificate; a path that uses it is
 * then refused with the defect as the reason.
 */
final class CertView {
    final X509Certificate certificate;
    final byte[] encoded;
    final X500Principal subject;
    final X500Principal issuer;
    /** Null when BouncyCastle cannot parse the certificate (then {@link #defects} says why). */
    final TBSCertificate tbs;

    final X500Name subjectName;
    final Extensions extensions;
    final byte[] subjectKeyId;
    final AuthorityKeyIdentifier authorityKeyId;
    final BasicConstraints basicConstraints;
    final KeyUsage keyUsage;
    /** The EKU OIDs, or null when the extension is absent. */
    final List<String> extendedKeyUsages;

    final GeneralNames subjectAltNames;
    final NameConstraints nameConstraints;
    final boolean selfIssued;
    /** Whether the signature algorithm outside the TBS is the one inside it (RFC 5280 4.1.1.2). */
    final boolean signatureAlgorithmsMatch;

    final List<String> defects = new ArrayList<>();
    /** Whether its own key verifies its signature; computed when first asked. */
    private Boolean selfSigned;

    private CertView(X509Certificate certificate) {
        this.certificate = certificate;
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            der = new byte[0];
            defects.add("cannot be encoded: " + e.getMessage());
        }
        this.encoded = der;
        this.subject = certificate.getSubjectX500Principal();
        this.issuer = certificate.getIssuerX500Principal();
        this.selfIssued = subject.equals(issuer);

        TBSCertificate parsedTbs = null;
        boolean algorithmsMatch = false;
        try {
            Certificate parsed = Certificate.getInstance(ASN1Primitive.fromByteArray(der));
            parsedTbs = parsed.getTBSCertificate();
            // ASN1Object equality compares DER encodings: algorithm and parameters must be identical.
            algorithmsMatch = parsed.getSignatureAlgorithm().equals(parsedTbs.getSignature());
        } catch (Exception e) {
            defects.add("malformed certificate: " + e.getMessage());
        }
        this.signatureAlgorithmsMatch = algorithmsMatch;
        this.tbs = parsedTbs;
        this.subjectName = parsedTbs == null ? null : parsedTbs.getSubject();
        this.extensions = parsedTbs == null ? null : parsedTbs.getExtensions();

        this.subjectKeyId = parse(
                Extension.subjectKeyIdentifier,
                "subject key identifier",
                v -> ASN1OctetString.getInstance(v).getOctets());
        this.authorityKeyId = parse(
                Extension.authorityKeyIdentifier, "authority key identifier", AuthorityKeyIdentifier::getInstance);
        this.basicConstraints = parse(Extension.basicConstraints, "basic constraints", BasicConstraints::getInstance);
        this.keyUsage = parse(Extension.keyUsage, "key usage", KeyUsage::getInstance);
        this.extendedKeyUsages = parse(Extension.extendedKeyUsage, "extended key usage", v -> {
            org.bouncycastle.asn1.x509.ExtendedKeyUsage eku =
                    org.bouncycastle.asn1.x509.ExtendedKeyUsage.getInstance(v);
            List<String> oids = new ArrayList<>();
            for (KeyPurposeId id : eku.getUsages()) {
                oids.add(id.getId());
            }
            return Collections.unmodifiableList(oids);
        });
        this.subjectAltNames =
                parse(Extension.subjectAlternativeName, "subject alternative name", GeneralNames::getInstance);
        this.nameConstraints = parse(Extension.nameConstraints, "name constraints", NameConstraints::getInstance);
    }

    static CertView of(X509Certificate certificate) {
        return new CertView(certificate);
    }

    interface Parser<T> {
        T parse(ASN1Encodable value);
    }

    private <T> T parse(ASN1ObjectIdentifier oid, String name, Parser<T> parser) {
        Extension extension = extension(oid);
        if (extension == null) {
            return null;
        }
        try {
            T value = parser.parse(
                    ASN1Primitive.fromByteArray(extension.getExtnValue().getOctets()));
            if (value == null) {
                defects.add("empty " + name + " extension");
            }
            return value;
        } catch (Exception e) {
            defects.add("malformed " + name + " extension: " + e.getMessage());
            return null;
        }
    }

    Extension extension(ASN1ObjectIdentifier oid) {
        return extensions == null ? null : extensions.getExtension(oid);
    }

    boolean critical(ASN1ObjectIdentifier oid) {
        Extension extension = extension(oid);
        return extension != null && extension.isCritical();
    }

    boolean isCa() {
        return basicConstraints != null && basicConstraints.isCA();
    }

    BigInteger pathLength() {
        return basicConstraints == null ? null : basicConstraints.getPathLenConstraint();
    }

    /**
     * Whether the issuer's key verifies this certificate's signature: with BouncyCastle's provider (ECDSA
     * verification is several times faster than SunEC's), falling back to the JDK's providers only for an
     * algorithm BouncyCastle does not offer; a signature already verified in this process is not checked
     * again ({@link VerifiedSignatures}).
     */
    boolean signedBy(CertView issuer) {
        byte[] issuerKey = issuer.certificate.getPublicKey().getEncoded();
        if (issuerKey != null && VerifiedSignatures.known(encoded, issuerKey)) {
            return true;
        }
        boolean verified = checkSignature(issuer);
        if (verified && issuerKey != null) {
            VerifiedSignatures.remember(encoded, issuerKey);
        }
        return verified;
    }

    /** Self-issued and signed with its own key: a root, rather than a key roll-over certificate. */
    boolean selfSigned() {
        if (selfSigned == null) {
            selfSigned = selfIssued && signedBy(this);
        }
        return selfSigned;
    }

    private boolean checkSignature(CertView issuer) {
        try {
            certificate.verify(issuer.certificate.getPublicKey(), Providers.bc());
            return true;
        } catch (NoSuchAlgorithmException e) {
            try {
                certificate.verify(issuer.certificate.getPublicKey());
                return true;
            } catch (Exception again) {
                return false;
            }
        } catch (Exception e) {
            return false;
        }
    }

    boolean sameCertificate(CertView other) {
        return Arrays.equals(encoded, other.encoded);
    }

    /** Same subject and same public key: another issuance of the same logical CA. */
    boolean sameSubjectAndKey(CertView other) {
        return subject.equals(other.subject)
                && Arrays.equals(
                        certificate.getPublicKey().getEncoded(),
                        other.certificate.getPublicKey().getEncoded());
    }

    String name() {
        String text = subjectName != null ? subjectName.toString() : subject.getName();
        return text.isEmpty()
                ? "(empty subject, serial " + certificate.getSerialNumber().toString(16) + ")"
                : text;
    }

    @Override
    public String toString() {
        return name();
    }
}
