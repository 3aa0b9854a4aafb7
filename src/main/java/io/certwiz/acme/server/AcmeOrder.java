package io.certwiz.acme.server;

import java.time.Instant;
import java.util.List;

/**
 * An order as stored: {@code pending}, {@code ready}, {@code valid} or {@code invalid} (RFC 8555 7.1.6);
 * {@code error} is a problem document (JSON) when it went invalid.
 */
public record AcmeOrder(
        String id,
        String accountId,
        String status,
        List<String> identifiers,
        Instant expires,
        String error,
        String certificateId,
        Instant createdAt) {
    public AcmeOrder {
        identifiers = List.copyOf(identifiers);
    }
}
