package io.certwiz.trust;

import io.certwiz.Problem;
import io.certwiz.x509.ExtendedKeyUsage;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * Path validation for TLS peers: builds every candidate path from the leaf to a trust anchor ({@link
 * PathBuilder}) and accepts the first that passes RFC 5280 validation plus the web PKI's rules for
 * certificates ({@link ChainVerifier}, {@link CertificateProfile}); then checks the leaf against the
 * host name or IP address (subjectAltNames only, never the subject CN), the extended key usages and the
 * key usages asked for. Strict by design: what it cannot check it refuses.
 */
public final class PathValidator {
    private PathValidator() {}

    public static PathResult validate(ValidationRequest request) {
        List<Problem> problems = new ArrayList<>();
        List<X509Certificate> path = List.of();
        // Certificate times have whole seconds: compare at the second (RFC 5280 4.1.2.5).
        Instant at = request.at().truncatedTo(ChronoUnit.SECONDS);
        CertView leaf = CertView.of(request.leaf());
        if (request.anchors().isEmpty()) {
            problems.add(new Problem("NO_TRUST_ANCHOR", "no trusted root certificate to validate against"));
        } else {
            try {
                List<String> ekus = request.requiredEkus().stream()
                        .map(ExtendedKeyUsage::oid)
                        .toList();
                ChainVerifier verifier = new ChainVerifier(at, ekus, request.maxChainDepth());
                PathBuilder.Outcome outcome = new PathBuilder(
                                views(request.anchors(), null),
                                views(request.intermediates(), leaf),
                                request.maxChainDepth(),
                                verifier)
                        .build(leaf);
                if (outcome.valid()) {
                    List<X509Certificate> built = new ArrayList<>();
                    outcome.chain().forEach(c -> built.add(c.certificate));
                    if (outcome.anchor() != null) {
                        built.add(outcome.anchor().certificate);
                    }
                    path = List.copyOf(built);
                } else {
                    List<String> reasons = outcome.problems();
                    for (int i = 0; i < Math.min(3, reasons.size()); i++) {
                        String more = i == 2 && reasons.size() > 3 ? " (and " + (reasons.size() - 3) + " more)" : "";
                        problems.add(new Problem(
                                "PATH_INVALID", "no valid path to a trusted root: " + reasons.get(i) + more));
                    }
                }
            } catch (RuntimeException e) {
                problems.add(new Problem("PATH_INVALID", "path validation failed: " + e));
            }
        }
        checkLeaf(request, leaf, problems);
        return new PathResult(problems.isEmpty(), path, problems);
    }

    private static void checkLeaf(ValidationRequest request, CertView leaf, List<Problem> problems) {
        if (request.dnsName() != null && !coversDns(leaf, request.dnsName())) {
            problems.add(
                    new Problem("NAME_NOT_COVERED", "the certificate does not cover the name " + request.dnsName()));
        }
        if (request.ipAddress() != null && !coversIp(leaf, request.ipAddress())) {
            problems.add(new Problem(
                    "NAME_NOT_COVERED", "the certificate does not cover the IP address " + request.ipAddress()));
        }
        for (ExtendedKeyUsage eku : request.requiredEkus()) {
            if (leaf.extendedKeyUsages == null) {
                problems.add(new Problem(
                        "EKU_MISSING",
                        "the certificate has no extended key usage extension, so it is not valid for " + eku.id()));
            } else if (!leaf.extendedKeyUsages.contains(eku.oid())) {
                problems.add(new Problem("EKU_MISSING", "the certificate is not valid for " + eku.id()));
            }
        }
        if (!request.requiredEkus().isEmpty()
                && leaf.extendedKeyUsages != null
                && leaf.extendedKeyUsages.contains(ChainVerifier.ANY_EKU)) {
            // CA/Browser Forum BR 7.1.2.7.10: a subscriber certificate must not claim every purpose.
            problems.add(new Problem(
                    "EKU_MISSING", "the certificate claims anyExtendedKeyUsage, which a TLS certificate must not"));
        }
        for (String usage : request.requiredKeyUsages()) {
            if (leaf.keyUsage != null && !leaf.keyUsage.hasUsages(ValidationRequest.KEY_USAGES.get(usage))) {
                problems.add(new Problem("KEY_USAGE_MISSING", "the certificate's key usage does not allow " + usage));
            }
        }
    }

    /** A DNS name is matched against the dNSName SANs (RFC 6125; one left-most wildcard label); never the CN. */
    static boolean coversDns(CertView leaf, String name) {
        String reference = Names.referenceDnsName(name);
        if (reference == null || leaf.subjectAltNames == null) {
            return false;
        }
        for (GeneralName san : leaf.subjectAltNames.getNames()) {
            if (san.getTagNo() == GeneralName.dNSName && Names.dnsMatches(NameConstraintChecker.text(san), reference)) {
                return true;
            }
        }
        return false;
    }

    /** An IP address is matched byte for byte against the iPAddress SANs. */
    static boolean coversIp(CertView leaf, String address) {
        byte[] wanted = Names.ipAddress(address);
        if (wanted == null || leaf.subjectAltNames == null) {
            return false;
        }
        for (GeneralName san : leaf.subjectAltNames.getNames()) {
            if (san.getTagNo() == GeneralName.iPAddress
                    && Arrays.equals(ASN1OctetString.getInstance(san.getName()).getOctets(), wanted)) {
                return true;
            }
        }
        return false;
    }

    private static List<CertView> views(List<X509Certificate> certificates, CertView leaf) {
        List<CertView> views = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            CertView view = CertView.of(certificate);
            if (leaf != null && view.sameCertificate(leaf)) {
                continue;
            }
            if (views.stream().noneMatch(v -> v.sameCertificate(view))) {
                views.add(view);
            }
        }
        return views;
    }
}
