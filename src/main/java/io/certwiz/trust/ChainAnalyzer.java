package io.certwiz.trust;

import io.certwiz.Problem;
import io.certwiz.crypto.Providers;
import io.certwiz.trust.ChainReport.ChainElement;
import io.certwiz.x509.CertificateDetails;
import io.certwiz.x509.Extensions;
import io.certwiz.x509.Thumbprint;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a certificate's chain from the {@code root} and {@code intermediate} stores the way the wizard
 * reports it: element by element, naming each missing or untrusted CA certificate and how to import it,
 * then confirms the verdict with full RFC 5280 validation.
 */
public final class ChainAnalyzer {
    private static final int MAX_DEPTH = 10;

    private final List<X509Certificate> roots;
    private final List<X509Certificate> intermediates;

    public ChainAnalyzer(List<X509Certificate> roots, List<X509Certificate> intermediates) {
        this.roots = List.copyOf(roots);
        this.intermediates = List.copyOf(intermediates);
    }

    public ChainReport analyze(X509Certificate leaf, Instant at) {
        List<ChainElement> elements = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        elements.add(element(leaf, "leaf", null, at));
        boolean anchored = false;
        X509Certificate current = leaf;
        if (contains(roots, leaf)) {
            anchored = true;
            elements.set(0, element(leaf, "root", TrustStore.root.name(), at));
        }
        for (int depth = 0; !anchored && depth < MAX_DEPTH; depth++) {
            X509Certificate issuer = findIssuer(current, roots);
            if (issuer != null) {
                elements.add(element(issuer, "root", TrustStore.root.name(), at));
                anchored = true;
                break;
            }
            if (current != leaf && CertificateDetails.isSelfSigned(current)) {
                break; // reported below as an untrusted root
            }
            issuer = findIssuer(current, intermediates);
            if (issuer == null) {
                if (CertificateDetails.isSelfSigned(current)) {
                    problems.add(untrustedRoot(current, false));
                    break;
                }
                String keyId = Extensions.authorityKeyId(current);
                String subject = current.getIssuerX500Principal().getName();
                elements.add(new ChainElement(null, subject, keyId, "issuer", null, "Missing"));
                problems.add(new Problem(
                        "CA_NOT_FOUND",
                        "missing CA certificate: " + subject + (keyId == null ? "" : " (key id " + keyId + ")"),
                        "import it with: certwiz import FILE (add --store root if it is the trusted root)"));
                break;
            }
            boolean selfSigned = CertificateDetails.isSelfSigned(issuer);
            ChainElement added =
                    element(issuer, selfSigned ? "root" : "intermediate", TrustStore.intermediate.name(), at);
            if (selfSigned) {
                added = new ChainElement(
                        added.thumbprint(), added.subject(), added.keyIdentifier(), "root", added.store(), "Untrusted");
                elements.add(added);
                problems.add(untrustedRoot(issuer, true));
                break;
            }
            elements.add(added);
            current = issuer;
        }
        for (ChainElement element : elements) {
            if (element.status().equals("Expired") || element.status().equals("NotYetValid")) {
                boolean isLeaf = element == elements.getFirst();
                String when = element.status().equals("Expired") ? "expired" : "not yet valid";
                problems.add(new Problem(
                        isLeaf ? (element.status().equals("Expired") ? "EXPIRED" : "NOT_YET_VALID") : "CA_EXPIRED",
                        (isLeaf ? "the certificate is " : "the CA certificate " + element.subject() + " is ") + when,
                        isLeaf ? "request a new certificate" : "import a current certificate of that CA"));
            }
        }
        // The validator checks end-entity certificates; a CA certificate's own chain was walked above.
        if (anchored && problems.isEmpty() && !CertificateDetails.isCa(leaf)) {
            PathResult result = PathValidator.validate(ValidationRequest.of(leaf, intermediates, roots, at));
            problems.addAll(result.problems());
        }
        return new ChainReport(anchored && problems.isEmpty(), elements, problems);
    }

    /** A self-signed CA the path ends at that is not trusted; {@code held} when it waits in intermediate. */
    private static Problem untrustedRoot(X509Certificate root, boolean held) {
        String thumbprint = Thumbprint.of(root).hex();
        String keyId = Extensions.subjectKeyId(root);
        return new Problem(
                "ROOT_NOT_TRUSTED",
                "root CA not in the root store: "
                        + root.getSubjectX500Principal().getName() + (keyId == null ? "" : " (key id " + keyId + ")"),
                held
                        ? "trust it with: certwiz import FILE --store root (certwiz export " + thumbprint
                                + " --out root.pem writes it)"
                        : "trust it with: certwiz import FILE --store root");
    }

    private static ChainElement element(X509Certificate certificate, String role, String store, Instant at) {
        String status = "Valid";
        if (at.isAfter(certificate.getNotAfter().toInstant())) {
            status = "Expired";
        } else if (at.isBefore(certificate.getNotBefore().toInstant())) {
            status = "NotYetValid";
        }
        return new ChainElement(
                Thumbprint.of(certificate).hex(),
                certificate.getSubjectX500Principal().getName(),
                Extensions.subjectKeyId(certificate),
                role,
                store,
                status);
    }

    private static boolean contains(List<X509Certificate> certificates, X509Certificate wanted) {
        return certificates.stream().anyMatch(c -> c.equals(wanted));
    }

    /** A certificate in {@code candidates} whose subject is the issuer and whose key verifies the signature. */
    static X509Certificate findIssuer(X509Certificate child, List<X509Certificate> candidates) {
        String aki = Extensions.authorityKeyId(child);
        for (X509Certificate candidate : candidates) {
            if (candidate.equals(child)
                    || !candidate.getSubjectX500Principal().equals(child.getIssuerX500Principal())) {
                continue;
            }
            String ski = Extensions.subjectKeyId(candidate);
            if (aki != null && ski != null && !Objects.equals(aki, ski)) {
                continue;
            }
            if (signedBy(child, candidate)) {
                return candidate;
            }
            // Same name, different key: keep looking.
        }
        return null;
    }

    /**
     * Whether the candidate's key verifies the child's signature: a signature already verified in this
     * process is not checked again ({@link VerifiedSignatures}, shared with {@link PathBuilder}, which then
     * finds this one there), otherwise BouncyCastle checks it (ECDSA several times faster than SunEC) and
     * the JDK's providers have the last word on anything it does not accept.
     */
    private static boolean signedBy(X509Certificate child, X509Certificate candidate) {
        PublicKey key = candidate.getPublicKey();
        byte[] issuerKey = key.getEncoded();
        byte[] encoded;
        try {
            encoded = child.getEncoded();
        } catch (CertificateEncodingException e) {
            encoded = null;
        }
        boolean cacheable = encoded != null && issuerKey != null;
        if (cacheable && VerifiedSignatures.known(encoded, issuerKey)) {
            return true;
        }
        boolean verified;
        try {
            child.verify(key, Providers.bc());
            verified = true;
        } catch (Exception e) {
            try {
                child.verify(key);
                verified = true;
            } catch (Exception again) {
                verified = false;
            }
        }
        if (verified && cacheable) {
            VerifiedSignatures.remember(encoded, issuerKey);
        }
        return verified;
    }
}
