package io.certwiz.acme.client;

import io.certwiz.x509.Thumbprint;
import java.time.Instant;
import java.util.List;

/**
 * A certificate an ACME CA issued: where it came from, the chain chosen among those offered, and its
 * ACME Renewal Information (RFC 9773): the ARI certificate id and, when the CA offers ARI, the
 * suggested renewal window as last read.
 */
public record AcmeIssuedRecord(
        Thumbprint thumbprint,
        String caName,
        String ariId,
        String certificateUrl,
        String orderUrl,
        String chainIssuer,
        List<String> alternateIssuers,
        Instant windowStart,
        Instant windowEnd,
        String windowExplanation,
        Instant windowCheckedAt,
        Instant issuedAt) {
    public AcmeIssuedRecord {
        alternateIssuers = List.copyOf(alternateIssuers);
    }

    public boolean hasWindow() {
        return windowStart != null && windowEnd != null;
    }
}
