package io.certwiz.revocation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * The revocation status of one certificate of a path. {@code status} is good, revoked, unknown (there are
 * sources but none answered, or none could be used) or unchecked (the certificate names no CRL
 * distribution point or OCSP responder and no CRL was given for it); {@code source} is crl, ocsp or
 * embedded-ca (the embedded CA's own ledger); {@code when} is the revocation time when revoked, else the
 * time of the information used (the CRL's or the OCSP response's thisUpdate); {@code url} is where it
 * came from when fetched; {@code problem} says why the status is unknown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CertificateRevocation(
        String thumbprint,
        String subject,
        String status,
        String source,
        Instant when,
        String reason,
        String url,
        String problem) {
    public static final String GOOD = "good";
    public static final String REVOKED = "revoked";
    public static final String UNKNOWN = "unknown";
    public static final String UNCHECKED = "unchecked";

    public static final String CRL = "crl";
    public static final String OCSP = "ocsp";
    public static final String EMBEDDED_CA = "embedded-ca";

    public boolean revoked() {
        return REVOKED.equals(status);
    }

    CertificateRevocation withName(String thumbprint, String subject) {
        return new CertificateRevocation(thumbprint, subject, status, source, when, reason, url, problem);
    }

    public static CertificateRevocation good(String source, Instant when, String url) {
        return new CertificateRevocation(null, null, GOOD, source, when, null, url, null);
    }

    public static CertificateRevocation revoked(String source, Instant when, String reason, String url) {
        return new CertificateRevocation(null, null, REVOKED, source, when, reason, url, null);
    }

    public static CertificateRevocation unknown(String problem) {
        return new CertificateRevocation(null, null, UNKNOWN, null, null, null, null, problem);
    }

    public static CertificateRevocation unchecked(String problem) {
        return new CertificateRevocation(null, null, UNCHECKED, null, null, null, null, problem);
    }
}
