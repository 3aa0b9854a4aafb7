package io.certwiz.trust;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * What each certificate on a path must satisfy by itself, by its role: RFC 5280's MUSTs that the PKIX
 * algorithm does not check, and the CA/Browser Forum baseline rules for TLS server certificates that
 * protect a relying party (key sizes and curves, signature algorithms, key identifiers, criticality).
 * Each method returns the reasons a certificate fails, empty when it passes.
 */
final class CertificateProfile {
    enum Role {
        LEAF,
        INTERMEDIATE,
        ANCHOR
    }

    private CertificateProfile() {}

    /** The extensions certwiz processes, and so may be critical. */
    private static final Set<ASN1ObjectIdentifier> MAY_BE_CRITICAL = Set.of(
            Extension.basicConstraints,
            Extension.keyUsage,
            Extension.extendedKeyUsage,
            Extension.subjectAlternativeName,
            Extension.nameConstraints,
            Extension.certificatePolicies,
            Extension.policyMappings,
            Extension.policyConstraints,
            Extension.inhibitAnyPolicy);

    /** Signature algorithms accepted on a certificate whose signature the path relies on. */
    private static final Set<ASN1ObjectIdentifier> SIGNATURE_ALGORITHMS = Set.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption,
            PKCSObjectIdentifiers.sha384WithRSAEncryption,
            PKCSObjectIdentifiers.sha512WithRSAEncryption,
            PKCSObjectIdentifiers.id_RSASSA_PSS,
            X9ObjectIdentifiers.ecdsa_with_SHA256,
            X9ObjectIdentifiers.ecdsa_with_SHA384,
            X9ObjectIdentifiers.ecdsa_with_SHA512);

    /** The named curves accepted for EC keys: P-256, P-384, P-521. */
    private static final Set<ASN1ObjectIdentifier> CURVES = Set.of(
            new ASN1ObjectIdentifier("1.2.840.10045.3.1.7"),
            new ASN1ObjectIdentifier("1.3.132.0.34"),
            new ASN1ObjectIdentifier("1.3.132.0.35"));

    /**
     * @param tls whether the leaf is checked as a TLS peer (an extended key usage was asked for): then it
     *     must also be an end-entity certificate, as the CA/Browser Forum requires; RFC 5280 alone allows
     *     a CA certificate at the end of a path
     */
    static List<String> check(CertView c, Role role, Instant at, boolean tls) {
        Problems problems = new Problems(c);
        problems.addAll(c.defects);
        if (c.tbs == null) {
            return problems.list();
        }
        boolean ca = role != Role.LEAF;
        if (c.certificate.getVersion() != 3) {
            problems.add("is a version " + c.certificate.getVersion() + " certificate (version 3 is required)");
        }
        BigInteger serial = c.certificate.getSerialNumber();
        if (role == Role.ANCHOR) {
            // Trust anchors are configured, not issued under today's rules (some roots have serial 0).
        } else if (serial.signum() <= 0) {
            problems.add("has a zero or negative serial number");
        } else if (serial.bitLength() > 20 * 8) {
            // 20 octets of value; DER may add a 21st, a leading zero that keeps it positive.
            problems.add("has a serial number longer than 20 octets");
        }
        if (at.isBefore(c.certificate.getNotBefore().toInstant())) {
            problems.add("is not valid before " + c.certificate.getNotBefore().toInstant());
        } else if (at.isAfter(c.certificate.getNotAfter().toInstant())) {
            problems.add("expired at " + c.certificate.getNotAfter().toInstant());
        }
        if (c.issuer.getEncoded().length <= 2) {
            problems.add("has an empty issuer name");
        }
        publicKey(c, problems);
        if (role != Role.ANCHOR) {
            signatureAlgorithm(c, problems);
        }
        criticality(c, problems, role);
        keyIdentifiers(c, problems, role);
        basicConstraintsAndKeyUsage(c, problems, ca, tls);
        if (c.extendedKeyUsages != null) {
            // An EKU on a trust anchor is not refused (CABF forbids it in public roots, but private and
            // test CAs such as pebble's carry one); it constrains the path like a CA's EKU, in ChainVerifier.
            if (c.extendedKeyUsages.isEmpty()) {
                problems.add("has an empty extended key usage extension");
            }
        }
        subjectAndAltNames(c, problems, ca);
        if (role == Role.LEAF) {
            commonNames(c, problems);
        }
        if (c.nameConstraints != null) {
            if (!ca) {
                problems.add("is an end-entity certificate with name constraints");
            } else if (!c.critical(Extension.nameConstraints)) {
                problems.add("has non-critical name constraints");
            } else {
                String malformed = NameConstraintChecker.malformed(c.nameConstraints);
                if (malformed != null) {
                    problems.add("has " + malformed);
                }
            }
        }
        Extension aia = c.extension(Extension.authorityInfoAccess);
        if (aia != null) {
            try {
                AuthorityInformationAccess.getInstance(
                        ASN1Primitive.fromByteArray(aia.getExtnValue().getOctets()));
            } catch (Exception e) {
                problems.add("has a malformed authority information access extension");
            }
        }
        return problems.list();
    }

    private static void publicKey(CertView c, Problems problems) {
        SubjectPublicKeyInfo key = c.tbs.getSubjectPublicKeyInfo();
        ASN1ObjectIdentifier algorithm = key.getAlgorithm().getAlgorithm();
        try {
            if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
                int bits = RSAPublicKey.getInstance(key.parsePublicKey())
                        .getModulus()
                        .bitLength();
                if (bits < 2048) {
                    problems.add("has a " + bits + "-bit RSA key (at least 2048 bits are required)");
                } else if (bits % 8 != 0) {
                    problems.add("has a " + bits + "-bit RSA key (not a whole number of bytes)");
                }
            } else if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                if (!(key.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve)) {
                    problems.add("has an EC key with explicit curve parameters (a named curve is required)");
                } else if (!CURVES.contains(curve)) {
                    problems.add("has an EC key on curve " + curve.getId() + " (P-256, P-384 or P-521 are required)");
                }
            } else {
                problems.add("has a " + c.certificate.getPublicKey().getAlgorithm()
                        + " key (RSA or ECDSA keys are required)");
            }
        } catch (Exception e) {
            problems.add("has a malformed public key");
        }
    }

    private static void signatureAlgorithm(CertView c, Problems problems) {
        if (!c.signatureAlgorithmsMatch) {
            problems.add("has different signature algorithms inside and outside the signed part");
        } else if (!SIGNATURE_ALGORITHMS.contains(c.tbs.getSignature().getAlgorithm())) {
            problems.add("is signed with " + c.certificate.getSigAlgName() + ", which is not accepted");
        }
    }

    private static void criticality(CertView c, Problems problems, Role role) {
        if (c.extensions == null) {
            return;
        }
        for (ASN1ObjectIdentifier oid : c.extensions.getCriticalExtensionOIDs()) {
            if (!MAY_BE_CRITICAL.contains(oid)) {
                problems.add("has an unsupported critical extension " + oid.getId());
            }
        }
        if (c.critical(Extension.extendedKeyUsage) && role == Role.LEAF) {
            problems.add("has a critical extended key usage extension");
        }
        if (c.extension(Extension.policyConstraints) != null && !c.critical(Extension.policyConstraints)) {
            problems.add("has non-critical policy constraints");
        }
        if (c.extension(Extension.inhibitAnyPolicy) != null && !c.critical(Extension.inhibitAnyPolicy)) {
            problems.add("has a non-critical inhibitAnyPolicy extension");
        }
    }

    private static void keyIdentifiers(CertView c, Problems problems, Role role) {
        if (c.authorityKeyId != null) {
            if (c.authorityKeyId.getKeyIdentifierObject() == null) {
                problems.add("has an authority key identifier without a key identifier");
            }
            // A self-issued anchor signed by another key (RFC 4210 key roll-over) names that key.
            if (role == Role.ANCHOR && c.selfSigned()) {
                if (c.authorityKeyId.getAuthorityCertIssuer() != null
                        || c.authorityKeyId.getAuthorityCertSerialNumber() != null) {
                    problems.add("is a trust anchor whose authority key identifier names an issuer or serial number");
                }
                if (c.authorityKeyId.getKeyIdentifierObject() != null
                        && c.subjectKeyId != null
                        && !Arrays.equals(c.authorityKeyId.getKeyIdentifierOctets(), c.subjectKeyId)) {
                    problems.add("is a self-signed trust anchor whose authority key identifier is not its own");
                }
            }
        } else if (role == Role.INTERMEDIATE || !c.selfIssued) {
            // RFC 5280 4.2.1.1: every certificate but a self-signed one names its issuer's key (a trusted
            // self-issued certificate is taken for self-signed: its own signature is not relied on).
            problems.add("has no authority key identifier");
        }
        if (c.subjectKeyId == null && role != Role.LEAF) {
            problems.add("is a CA certificate without a subject key identifier");
        }
    }

    private static void basicConstraintsAndKeyUsage(CertView c, Problems problems, boolean ca, boolean tls) {
        boolean keyCertSign = c.keyUsage != null && c.keyUsage.hasUsages(KeyUsage.keyCertSign);
        if (c.keyUsage != null && c.keyUsage.getBytes().length == 0) {
            problems.add("has a key usage extension with no usage");
        }
        if (ca) {
            if (c.basicConstraints == null || !c.basicConstraints.isCA()) {
                problems.add("is not a CA certificate (basic constraints cA is not set)");
            } else if (!c.critical(Extension.basicConstraints)) {
                problems.add("is a CA certificate with non-critical basic constraints");
            }
            if (c.keyUsage != null && !keyCertSign) {
                problems.add("is a CA certificate whose key usage lacks keyCertSign");
            }
        } else if (tls && c.isCa()) {
            problems.add("is a CA certificate (basic constraints cA) used as a TLS end-entity certificate");
        } else if (keyCertSign && !c.isCa()) {
            problems.add("has the keyCertSign key usage without being a CA certificate");
        }
        if (c.basicConstraints != null
                && !c.basicConstraints.isCA()
                && c.basicConstraints.getPathLenConstraint() != null) {
            problems.add("has a path length constraint without cA");
        }
    }

    private static void subjectAndAltNames(CertView c, Problems problems, boolean ca) {
        boolean emptySubject = c.subjectName.getRDNs().length == 0;
        if (emptySubject && ca) {
            problems.add("is a CA certificate with an empty subject");
        }
        if (c.extension(Extension.subjectAlternativeName) == null) {
            if (emptySubject && !ca) {
                problems.add("has neither a subject nor subject alternative names");
            }
            return;
        }
        boolean critical = c.critical(Extension.subjectAlternativeName);
        if (emptySubject && !critical) {
            problems.add("has an empty subject and non-critical subject alternative names");
        } else if (!emptySubject && critical) {
            problems.add("has a subject and critical subject alternative names");
        }
        if (c.subjectAltNames == null || c.subjectAltNames.getNames().length == 0) {
            problems.add("has an empty subject alternative name extension");
            return;
        }
        for (GeneralName name : c.subjectAltNames.getNames()) {
            String malformed;
            try {
                malformed = NameConstraintChecker.malformedName(name);
            } catch (RuntimeException e) {
                malformed = "a malformed subject alternative name";
            }
            if (malformed != null) {
                problems.add("has " + malformed);
                return;
            }
        }
    }

    /**
     * The CA/Browser Forum wants the subject CN, when present, to be a copy of one of the SANs, IP
     * addresses in their standard text form (BR 7.1.4.3). certwiz never matches the CN, and tolerates a CN
     * that names something else (as much of the web PKI's tooling does), but refuses a CN that spells an IP
     * address in a non-standard way, spells one of the certificate's own DNS names differently, or is an
     * internationalized domain name (Unicode or A-labels) that is not exactly a SAN: names that other
     * software may read differently from the SAN, the stuff of homograph attacks.
     */
    private static void commonNames(CertView c, Problems problems) {
        List<String> dnsNames = new java.util.ArrayList<>();
        if (c.subjectAltNames != null) {
            for (GeneralName name : c.subjectAltNames.getNames()) {
                if (name.getTagNo() == GeneralName.dNSName) {
                    dnsNames.add(NameConstraintChecker.text(name));
                }
            }
        }
        for (org.bouncycastle.asn1.x500.RDN rdn : c.subjectName.getRDNs(org.bouncycastle.asn1.x500.style.BCStyle.CN)) {
            for (org.bouncycastle.asn1.x500.AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (!value.getType().equals(org.bouncycastle.asn1.x500.style.BCStyle.CN)
                        || !(value.getValue() instanceof org.bouncycastle.asn1.ASN1String text)) {
                    continue;
                }
                String cn = text.getString();
                String ip = Names.nonStandardIpText(cn);
                if (ip != null) {
                    problems.add("has a common name '" + cn + "' that writes the IP address " + ip
                            + " in a non-standard form");
                    continue;
                }
                if (dnsNames.contains(cn)) {
                    continue;
                }
                if (Names.isInternationalized(cn)) {
                    problems.add("has an internationalized common name '" + cn
                            + "' that is not one of its subject alternative names");
                    continue;
                }
                for (String san : dnsNames) {
                    if (Names.sameDnsName(cn, san)) {
                        problems.add("has a common name '" + cn + "' that spells its subject alternative name '" + san
                                + "' differently");
                        break;
                    }
                }
            }
        }
    }

    /** Collects reasons as "the certificate NAME has ...". */
    private static final class Problems {
        private final CertView certificate;
        private final java.util.ArrayList<String> list = new java.util.ArrayList<>();

        Problems(CertView certificate) {
            this.certificate = certificate;
        }

        void add(String reason) {
            list.add(certificate.name() + " " + reason);
        }

        void addAll(List<String> reasons) {
            for (String reason : reasons) {
                add("has a defect: " + reason);
            }
        }

        List<String> list() {
            return List.copyOf(list);
        }
    }
}
