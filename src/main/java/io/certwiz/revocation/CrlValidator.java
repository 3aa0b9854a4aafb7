package io.certwiz.revocation;

import io.certwiz.crypto.Providers;
import java.math.BigInteger;
import java.security.cert.CRLReason;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.IssuingDistributionPoint;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;

/**
 * RFC 5280 6.3 CRL processing for one certificate: for each of its distribution points, each complete CRL
 * in scope (issuer, indirect CRLs, issuing distribution point) that adds reasons is checked — signed by
 * a certificate of the CRL issuer that allows cRLSign (the certificate's own issuer, or one {@link
 * SignerLookup} validates: another key of that CA, an indirect CRL's issuer), current, with a non-critical
 * CRL number and no critical extension it does not know — then the newest delta CRL for it (6.3.3 c),
 * until every reason is covered or the certificate is found revoked.
 */
final class CrlValidator {
    /** Finds and validates the certificate that signed a CRL, when it is not the certificate's own issuer. */
    interface SignerLookup {
        /** A validated certificate named as the CRL's issuer whose key verifies its signature, or null. */
        X509Certificate signer(X509CRL crl);
    }

    /** The outcome for one certificate: good, revoked (with reason and time) or undetermined (with why). */
    record Outcome(String status, Instant when, String reason, X509CRL crl, List<String> problems) {}

    private static final Set<String> KNOWN_CRL_EXTENSIONS = Set.of(
            Extension.authorityKeyIdentifier.getId(),
            Extension.issuerAlternativeName.getId(),
            Extension.cRLNumber.getId(),
            Extension.deltaCRLIndicator.getId(),
            Extension.issuingDistributionPoint.getId(),
            Extension.freshestCRL.getId(),
            Extension.authorityInfoAccess.getId());
    private static final Set<String> KNOWN_ENTRY_EXTENSIONS = Set.of(
            Extension.reasonCode.getId(),
            Extension.invalidityDate.getId(),
            Extension.certificateIssuer.getId(),
            Extension.instructionCode.getId());

    private CrlValidator() {}

    static Outcome check(
            X509Certificate certificate, X509Certificate issuer, List<X509CRL> crls, Instant at, SignerLookup signers) {
        List<String> problems = new ArrayList<>();
        List<X509CRL> complete = new ArrayList<>();
        List<X509CRL> deltas = new ArrayList<>();
        for (X509CRL crl : crls) {
            (crl.getExtensionValue(Extension.deltaCRLIndicator.getId()) == null ? complete : deltas).add(crl);
        }
        complete.sort(Comparator.comparing(X509CRL::getThisUpdate).reversed());
        int covered = 0;
        for (CrlScope.Point point : CrlScope.points(certificate)) {
            for (X509CRL crl : complete) {
                if (covered == CrlScope.ALL_REASONS) {
                    break;
                }
                IssuingDistributionPoint idp;
                try {
                    idp = CrlScope.idp(crl);
                } catch (RuntimeException e) {
                    problems.add(name(crl) + ": its issuing distribution point is unreadable");
                    continue;
                }
                String why = CrlScope.outOfScope(crl, idp, certificate, point);
                if (why != null) {
                    problems.add(name(crl) + ": " + why);
                    continue;
                }
                int reasons = CrlScope.reasons(idp, point);
                if ((reasons & ~covered) == 0) {
                    continue;
                }
                X509Certificate signer = signer(crl, issuer, signers);
                String unusable = signer == null ? "its signature is not from a certificate of its issuer" : null;
                if (unusable == null) {
                    unusable = unusable(crl, signer, at);
                }
                if (unusable != null) {
                    problems.add(name(crl) + ": " + unusable);
                    continue;
                }
                X509CRL delta = delta(crl, deltas, signer, at, problems);
                X509CRLEntry entry = delta == null ? null : delta.getRevokedCertificate(certificate);
                if (entry != null && entry.getRevocationReason() == CRLReason.REMOVE_FROM_CRL) {
                    // Taken off hold by the delta: not revoked for these reasons.
                    covered |= reasons;
                    continue;
                }
                if (entry == null) {
                    entry = crl.getRevokedCertificate(certificate);
                }
                if (entry != null && entry.getRevocationReason() != CRLReason.REMOVE_FROM_CRL) {
                    return new Outcome(
                            CertificateRevocation.REVOKED,
                            entry.getRevocationDate().toInstant(),
                            reasonName(entry.getRevocationReason()),
                            delta != null && delta.getRevokedCertificate(certificate) != null ? delta : crl,
                            problems);
                }
                covered |= reasons;
            }
        }
        if (covered == CrlScope.ALL_REASONS) {
            X509CRL newest = complete.isEmpty() ? null : complete.getFirst();
            return new Outcome(
                    CertificateRevocation.GOOD,
                    newest == null ? null : newest.getThisUpdate().toInstant(),
                    null,
                    newest,
                    problems);
        }
        if (complete.isEmpty()) {
            problems.add("no complete CRL of its issuer");
        } else if (covered != 0) {
            problems.add("the CRLs do not cover every revocation reason");
        }
        return new Outcome(CertificateRevocation.UNKNOWN, null, null, null, problems);
    }

    /** The certificate that signed the CRL: the certificate's issuer if its key does, else a validated one. */
    private static X509Certificate signer(X509CRL crl, X509Certificate issuer, SignerLookup signers) {
        if (crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())
                && keyIdMatches(crl, issuer)
                && verifies(crl, issuer)) {
            return issuer;
        }
        return signers == null ? null : signers.signer(crl);
    }

    static boolean verifies(X509CRL crl, X509Certificate signer) {
        try {
            crl.verify(signer.getPublicKey(), Providers.bc());
            return true;
        } catch (Exception e) {
            try {
                crl.verify(signer.getPublicKey());
                return true;
            } catch (Exception again) {
                return false;
            }
        }
    }

    /** A CRL's authority key identifier, when it has one, names the signer's subject key identifier. */
    static boolean keyIdMatches(X509CRL crl, X509Certificate signer) {
        byte[] aki = crl.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        byte[] ski = signer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (aki == null || ski == null) {
            return true;
        }
        try {
            byte[] id = AuthorityKeyIdentifier.getInstance(
                            ASN1OctetString.getInstance(aki).getOctets())
                    .getKeyIdentifierOctets();
            byte[] own = SubjectKeyIdentifier.getInstance(
                            ASN1OctetString.getInstance(ski).getOctets())
                    .getKeyIdentifier();
            return id == null || Arrays.equals(id, own);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Why a CRL in scope cannot be used (RFC 5280 5.2, 6.3.3 f to i), or null. */
    private static String unusable(X509CRL crl, X509Certificate signer, Instant at) {
        boolean[] keyUsage = signer.getKeyUsage();
        if (keyUsage != null && (keyUsage.length < 7 || !keyUsage[6])) {
            return "its issuer's key usage does not allow cRLSign";
        }
        if (crl.getVersion() != 2) {
            return "it is not a version 2 CRL";
        }
        if (crl.getExtensionValue(Extension.cRLNumber.getId()) == null) {
            return "it has no CRL number (RFC 5280 5.2.3)";
        }
        if (crl.getCriticalExtensionOIDs() != null) {
            for (String oid : crl.getCriticalExtensionOIDs()) {
                if (oid.equals(Extension.cRLNumber.getId())) {
                    return "its CRL number is critical (RFC 5280 5.2.3)";
                }
                if (!KNOWN_CRL_EXTENSIONS.contains(oid)) {
                    return "it has a critical extension certwiz does not know (" + oid + ")";
                }
            }
        }
        if (crl.getRevokedCertificates() != null) {
            for (X509CRLEntry entry : crl.getRevokedCertificates()) {
                if (entry.getCriticalExtensionOIDs() != null) {
                    for (String oid : entry.getCriticalExtensionOIDs()) {
                        if (!KNOWN_ENTRY_EXTENSIONS.contains(oid)) {
                            return "an entry has a critical extension certwiz does not know (" + oid + ")";
                        }
                    }
                }
            }
        }
        // A CRL signed a moment ago by a server whose clock runs a little ahead is current.
        if (crl.getThisUpdate().toInstant().isAfter(at.plus(OcspClient.SKEW))) {
            return "it is not valid yet (thisUpdate " + crl.getThisUpdate().toInstant() + ")";
        }
        if (crl.getNextUpdate() != null && !crl.getNextUpdate().toInstant().isAfter(at)) {
            return "it expired (nextUpdate " + crl.getNextUpdate().toInstant() + ")";
        }
        return null;
    }

    /**
     * The newest usable delta CRL for a complete CRL: the same issuer and scope, signed by the same key,
     * based on a CRL no newer than it (RFC 5280 5.2.4), with a higher number.
     */
    private static X509CRL delta(
            X509CRL complete, List<X509CRL> deltas, X509Certificate signer, Instant at, List<String> problems) {
        BigInteger completeNumber = number(complete, Extension.cRLNumber.getId());
        X509CRL best = null;
        BigInteger bestNumber = null;
        for (X509CRL delta : deltas) {
            if (!delta.getIssuerX500Principal().equals(complete.getIssuerX500Principal())
                    || !CrlScope.sameScope(complete, delta)) {
                continue;
            }
            if (!delta.getCriticalExtensionOIDs().contains(Extension.deltaCRLIndicator.getId())) {
                problems.add(name(delta) + ": its delta CRL indicator is not critical");
                continue;
            }
            BigInteger base = number(delta, Extension.deltaCRLIndicator.getId());
            BigInteger deltaNumber = number(delta, Extension.cRLNumber.getId());
            if (base == null || deltaNumber == null || completeNumber == null) {
                continue;
            }
            if (base.compareTo(completeNumber) > 0) {
                problems.add(name(delta) + ": it is based on a newer CRL than the complete CRL at hand");
                continue;
            }
            if (deltaNumber.compareTo(completeNumber) <= 0) {
                continue;
            }
            String unusable = keyIdMatches(delta, signer) && verifies(delta, signer)
                    ? unusable(delta, signer, at)
                    : "its signature is not from the complete CRL's issuer";
            if (unusable != null) {
                problems.add(name(delta) + " (delta): " + unusable);
                continue;
            }
            if (bestNumber == null || deltaNumber.compareTo(bestNumber) > 0) {
                best = delta;
                bestNumber = deltaNumber;
            }
        }
        return best;
    }

    static BigInteger number(X509CRL crl, String oid) {
        byte[] value = crl.getExtensionValue(oid);
        if (value == null) {
            return null;
        }
        try {
            return ASN1Integer.getInstance(ASN1OctetString.getInstance(value).getOctets())
                    .getValue();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String name(X509CRL crl) {
        BigInteger number = number(crl, Extension.cRLNumber.getId());
        return "the CRL of " + crl.getIssuerX500Principal().getName() + (number == null ? "" : " number " + number);
    }

    /** RFC 5280's name of a reason (unspecified when the entry has none). */
    static String reasonName(CRLReason reason) {
        if (reason == null) {
            return "unspecified";
        }
        return switch (reason) {
            case UNSPECIFIED -> "unspecified";
            case KEY_COMPROMISE -> "keyCompromise";
            case CA_COMPROMISE -> "cACompromise";
            case AFFILIATION_CHANGED -> "affiliationChanged";
            case SUPERSEDED -> "superseded";
            case CESSATION_OF_OPERATION -> "cessationOfOperation";
            case CERTIFICATE_HOLD -> "certificateHold";
            case REMOVE_FROM_CRL -> "removeFromCRL";
            case PRIVILEGE_WITHDRAWN -> "privilegeWithdrawn";
            case AA_COMPROMISE -> "aACompromise";
            default -> reason.name();
        };
    }
}
