package io.certwiz.revocation;

import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.net.URI;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * Checks the revocation of a validated path, each certificate but the trust anchor: the embedded CA's
 * own ledger first ({@link LocalStatus}), then OCSP when asked for (the AIA responder), then CRLs (those
 * given, and those at the certificate's distribution points and freshest-CRL pointers when fetching is
 * on) processed as RFC 5280 6.3 says ({@link CrlValidator}). A CA certificate that names no source is not
 * checked; the leaf's status decides what the path's is, unless a CA certificate is revoked or unknown.
 */
public final class RevocationChecker {
    /** What to check with. */
    public record Options(RevocationPolicy policy, List<X509CRL> crls, boolean ocsp, boolean fetch) {
        public Options {
            crls = crls == null ? List.of() : List.copyOf(crls);
        }

        public static Options of(RevocationPolicy policy) {
            return new Options(policy, List.of(), false, true);
        }
    }

    /** RFC 5280 path validation, for the certificate of a CRL's issuer when it is not on the path. */
    @FunctionalInterface
    public interface PathCheck {
        boolean valid(
                X509Certificate certificate,
                List<X509Certificate> intermediates,
                List<X509Certificate> anchors,
                Instant at);
    }

    private final LocalStatus local;
    private final RevocationSources sources;
    private final PathCheck paths;

    public RevocationChecker(LocalStatus local, RevocationSources sources, PathCheck paths) {
        this.local = local;
        this.sources = sources;
        this.paths = paths;
    }

    /**
     * Checks {@code path} (leaf first, trust anchor last); {@code
     * available} are the certificates that may complete a CRL issuer's path, {@code anchors} its anchors.
     * The path is the one {@code PathValidator} validated.
     */
    public Revocation check(
            List<X509Certificate> path,
            List<X509Certificate> available,
            List<X509Certificate> anchors,
            Instant at,
            Options options) {
        if (options.policy() == RevocationPolicy.off) {
            return Revocation.notChecked(options.policy(), "revocation checking is off");
        }
        if (path.size() < 2) {
            return Revocation.notChecked(
                    options.policy(),
                    path.isEmpty() ? "there is no valid path to check" : "the certificate is itself trusted");
        }
        CrlValidator.SignerLookup signers = crl -> signer(crl, path, available, anchors, at);
        List<CertificateRevocation> statuses = new ArrayList<>();
        for (int i = 0; i < path.size() - 1; i++) {
            X509Certificate certificate = path.get(i);
            CertificateRevocation status = status(certificate, path.get(i + 1), at, options, signers)
                    .withName(
                            Thumbprint.of(certificate).hex(),
                            certificate.getSubjectX500Principal().getName());
            statuses.add(status);
        }
        return summary(options.policy(), statuses);
    }

    private static Revocation summary(RevocationPolicy policy, List<CertificateRevocation> statuses) {
        CertificateRevocation leaf = statuses.getFirst();
        CertificateRevocation deciding = leaf;
        for (CertificateRevocation status : statuses) {
            if (status.revoked()) {
                deciding = status;
                break;
            }
            if (CertificateRevocation.UNKNOWN.equals(status.status())
                    && !deciding.revoked()
                    && !CertificateRevocation.UNKNOWN.equals(deciding.status())) {
                deciding = status;
            }
        }
        String who = deciding == leaf ? "the certificate" : "the CA certificate " + deciding.subject();
        String message = switch (deciding.status()) {
            case CertificateRevocation.REVOKED ->
                who + " was revoked at " + deciding.when() + " (" + deciding.reason() + "), says "
                        + sourceText(deciding);
            case CertificateRevocation.GOOD -> who + " is not revoked, says " + sourceText(deciding);
            case CertificateRevocation.UNCHECKED ->
                "the revocation of " + who + " was not checked: " + deciding.problem();
            default -> "the revocation status of " + who + " is unknown: " + deciding.problem();
        };
        return new Revocation(
                policy.name(),
                deciding.status(),
                deciding.source(),
                deciding.when(),
                deciding.reason(),
                message,
                statuses);
    }

    private static String sourceText(CertificateRevocation status) {
        return switch (String.valueOf(status.source())) {
            case CertificateRevocation.EMBEDDED_CA -> "the embedded CA";
            case CertificateRevocation.OCSP -> "the OCSP responder" + (status.url() == null ? "" : " " + status.url());
            default -> "the CRL" + (status.url() == null ? "" : " at " + status.url());
        };
    }

    private CertificateRevocation status(
            X509Certificate certificate,
            X509Certificate issuer,
            Instant at,
            Options options,
            CrlValidator.SignerLookup signers) {
        Optional<CertificateRevocation> known = local.status(certificate, issuer);
        if (known.isPresent()) {
            return known.get();
        }
        List<String> problems = new ArrayList<>();
        List<String> ocspUrls = ocspUrls(certificate);
        if (options.ocsp()) {
            for (String url : ocspUrls) {
                try {
                    OcspClient.Answer answer = ocsp(url, certificate, issuer, at, options.fetch());
                    if (CertificateRevocation.REVOKED.equals(answer.status())) {
                        return CertificateRevocation.revoked(
                                CertificateRevocation.OCSP, answer.revokedAt(), answer.reason(), url);
                    }
                    if (CertificateRevocation.GOOD.equals(answer.status())) {
                        return CertificateRevocation.good(CertificateRevocation.OCSP, answer.thisUpdate(), url);
                    }
                    problems.add("the OCSP responder " + url + " does not know the certificate");
                } catch (IOException e) {
                    problems.add("OCSP " + url + ": " + e.getMessage());
                }
            }
        }
        List<X509CRL> crls = new ArrayList<>(options.crls());
        List<String> fetchedFrom = new ArrayList<>();
        List<String> cdps = CrlScope.urls(certificate, Extension.cRLDistributionPoints);
        if (options.fetch()) {
            for (String url : cdps) {
                fetch(url, crls, fetchedFrom, problems);
            }
            // Delta CRLs: where the certificate, or the complete CRLs, say the freshest CRL is.
            Set<String> freshest = new LinkedHashSet<>(CrlScope.urls(certificate, Extension.freshestCRL));
            for (X509CRL crl : List.copyOf(crls)) {
                freshest.addAll(CrlScope.urls(crl.getExtensionValue(Extension.freshestCRL.getId())));
            }
            for (String url : freshest) {
                fetch(url, crls, fetchedFrom, problems);
            }
        }
        boolean anyCrl = crls.stream()
                .anyMatch(crl -> crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())
                        || CrlScope.idp(crl) != null && CrlScope.idp(crl).isIndirectCRL());
        if (!anyCrl && cdps.isEmpty() && (ocspUrls.isEmpty() || !options.ocsp())) {
            return CertificateRevocation.unchecked(
                    ocspUrls.isEmpty()
                            ? "it names no CRL distribution point or OCSP responder, and no CRL was given for it"
                            : "it names only an OCSP responder (check with --ocsp) and no CRL was given for it");
        }
        CrlValidator.Outcome outcome = CrlValidator.check(certificate, issuer, crls, at, signers);
        String url = outcome.crl() == null ? null : urlOf(outcome.crl(), fetchedFrom, crls);
        if (CertificateRevocation.REVOKED.equals(outcome.status())) {
            return CertificateRevocation.revoked(CertificateRevocation.CRL, outcome.when(), outcome.reason(), url);
        }
        if (CertificateRevocation.GOOD.equals(outcome.status())) {
            return CertificateRevocation.good(CertificateRevocation.CRL, outcome.when(), url);
        }
        problems.addAll(outcome.problems());
        return CertificateRevocation.unknown(String.join("; ", problems));
    }

    private OcspClient.Answer ocsp(
            String url, X509Certificate certificate, X509Certificate issuer, Instant at, boolean fetch)
            throws IOException {
        String key = "ocsp " + url + " " + Thumbprint.of(issuer).hex() + " "
                + certificate.getSerialNumber().toString(16);
        Optional<byte[]> kept = sources.ocsp(key);
        if (kept.isPresent()) {
            try {
                return OcspClient.read(kept.get(), certificate, issuer, at, null);
            } catch (IOException e) {
                // Asked again below.
            }
        }
        if (!fetch) {
            throw new IOException("fetching is off");
        }
        OcspClient.Answer answer = OcspClient.ask(sources.fetcher(), URI.create(url), certificate, issuer, at);
        if (!CertificateRevocation.UNKNOWN.equals(answer.status())) {
            sources.keepOcsp(key, answer.nextUpdate(), answer.der());
        }
        return answer;
    }

    private void fetch(String url, List<X509CRL> crls, List<String> fetchedFrom, List<String> problems) {
        try {
            X509CRL crl = sources.crl(url);
            crls.add(crl);
            fetchedFrom.add(url);
        } catch (IOException | IllegalArgumentException e) {
            problems.add("the CRL at " + url + ": " + e.getMessage());
        }
    }

    private static String urlOf(X509CRL crl, List<String> fetchedFrom, List<X509CRL> crls) {
        int given = crls.size() - fetchedFrom.size();
        int index = crls.indexOf(crl);
        return index >= given ? fetchedFrom.get(index - given) : null;
    }

    /** The OCSP responder URLs in a certificate's authority information access. */
    public static List<String> ocspUrls(X509Certificate certificate) {
        return accessUrls(certificate, AccessDescription.id_ad_ocsp);
    }

    /** The caIssuers URLs in a certificate's authority information access. */
    public static List<String> caIssuersUrls(X509Certificate certificate) {
        return accessUrls(certificate, AccessDescription.id_ad_caIssuers);
    }

    private static List<String> accessUrls(
            X509Certificate certificate, org.bouncycastle.asn1.ASN1ObjectIdentifier method) {
        List<String> urls = new ArrayList<>();
        byte[] value = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
        if (value == null) {
            return urls;
        }
        try {
            AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                    ASN1OctetString.getInstance(value).getOctets());
            for (AccessDescription description : aia.getAccessDescriptions()) {
                GeneralName location = description.getAccessLocation();
                if (description.getAccessMethod().equals(method)
                        && location.getTagNo() == GeneralName.uniformResourceIdentifier) {
                    String url = location.getName().toString();
                    if (url.startsWith("http://") || url.startsWith("https://")) {
                        urls.add(url);
                    }
                }
            }
        } catch (RuntimeException e) {
            // Unreadable: no URL.
        }
        return urls;
    }

    /**
     * A certificate named as the CRL's issuer that signed it and has a valid path to the same anchors
     * (6.3.3 f): from the path, the available certificates and the anchors.
     */
    private X509Certificate signer(
            X509CRL crl,
            List<X509Certificate> path,
            List<X509Certificate> available,
            List<X509Certificate> anchors,
            Instant at) {
        List<X509Certificate> candidates = new ArrayList<>(path);
        candidates.addAll(available);
        candidates.addAll(anchors);
        List<X509Certificate> intermediates = new ArrayList<>(path);
        intermediates.addAll(available);
        for (X509Certificate candidate : candidates) {
            if (!candidate.getSubjectX500Principal().equals(crl.getIssuerX500Principal())
                    || !CrlValidator.keyIdMatches(crl, candidate)
                    || !CrlValidator.verifies(crl, candidate)) {
                continue;
            }
            if (anchors.contains(candidate)) {
                return candidate;
            }
            if (paths.valid(candidate, intermediates, anchors, at)) {
                return candidate;
            }
        }
        return null;
    }
}
