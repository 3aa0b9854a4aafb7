package io.certwiz.acme.server;

import java.time.Instant;

/**
 * An authorization for one DNS name of one order. Its challenges (http-01, tls-alpn-01) share its token;
 * {@code challengeType} is the one that was tried, with its outcome in {@code status}, {@code validatedAt}
 * and {@code error} (a problem document, JSON).
 */
public record AcmeAuthorization(
        String id,
        String orderId,
        int ordinal,
        String accountId,
        String identifier,
        String status,
        Instant expires,
        String token,
        String challengeType,
        Instant validatedAt,
        String error) {}
