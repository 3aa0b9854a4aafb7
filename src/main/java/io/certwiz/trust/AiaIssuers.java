package io.certwiz.trust;

import io.certwiz.Problem;
import io.certwiz.crypto.Providers;
import io.certwiz.revocation.Fetcher;
import io.certwiz.revocation.RevocationChecker;
import io.certwiz.x509.CertificateDetails;
import io.certwiz.x509.CertificateReader;
import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Missing intermediates, fetched from the AIA caIssuers URLs (RFC 5280 4.2.2.1: a DER certificate or a
 * PKCS#7 bundle): from the certificate up, each issuer its child names and whose key verifies the child,
 * until one is already known. Only CA certificates that are not self-signed are taken; a root is never
 * fetched this way (roots are imported by the administrator), nor anything after it.
 */
public final class AiaIssuers {
    static final int MAX_LEVELS = 4;
    static final int MAX_BYTES = 256 * 1024;

    /** A certificate fetched and where from. */
    public record Fetched(X509Certificate certificate, String url) {}

    /** What was fetched, and why anything was not. */
    public record Result(List<Fetched> fetched, List<Problem> problems) {
        public List<X509Certificate> certificates() {
            return fetched.stream().map(Fetched::certificate).toList();
        }
    }

    private AiaIssuers() {}

    public static Result fetch(X509Certificate certificate, List<X509Certificate> known, Fetcher fetcher) {
        List<Fetched> fetched = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        X509Certificate current = certificate;
        for (int level = 0; level < MAX_LEVELS && !CertificateDetails.isSelfSigned(current); level++) {
            if (ChainAnalyzer.findIssuer(current, known) != null
                    || ChainAnalyzer.findIssuer(
                                    current,
                                    fetched.stream().map(Fetched::certificate).toList())
                            != null) {
                break;
            }
            Fetched issuer = null;
            for (String url : RevocationChecker.caIssuersUrls(current)) {
                try {
                    List<X509Certificate> offered = CertificateReader.read(
                                    fetcher.get(URI.create(url), MAX_BYTES), null)
                            .certificates();
                    X509Certificate found = ChainAnalyzer.findIssuer(current, offered);
                    if (found == null) {
                        problems.add(new Problem(
                                "AIA_NO_ISSUER", url + " holds no certificate that issued " + name(current)));
                    } else if (CertificateDetails.isSelfSigned(found)) {
                        problems.add(new Problem(
                                "AIA_ROOT_REFUSED",
                                url + " offers the root " + name(found) + ", which is never trusted that way",
                                "import it with: certwiz import FILE --store root, if you trust it"));
                        return new Result(fetched, problems);
                    } else if (!CertificateDetails.isCa(found) || !signs(found, current)) {
                        problems.add(new Problem("AIA_NO_ISSUER", url + " offers " + name(found) + ", not a CA"));
                    } else {
                        issuer = new Fetched(found, url);
                        break;
                    }
                } catch (IOException | RuntimeException e) {
                    problems.add(new Problem("AIA_FETCH_FAILED", "cannot fetch " + url + ": " + e.getMessage()));
                }
            }
            if (issuer == null) {
                break;
            }
            fetched.add(issuer);
            current = issuer.certificate();
        }
        return new Result(fetched, problems);
    }

    private static boolean signs(X509Certificate issuer, X509Certificate child) {
        try {
            child.verify(issuer.getPublicKey(), Providers.bc());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String name(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName();
    }
}
