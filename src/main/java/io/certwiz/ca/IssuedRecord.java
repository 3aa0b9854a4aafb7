package io.certwiz.ca;

import io.certwiz.x509.Thumbprint;
import java.math.BigInteger;
import java.time.Instant;

/** A certificate the embedded CA issued, kept for its CRL. */
public record IssuedRecord(
        BigInteger serial,
        Thumbprint thumbprint,
        Thumbprint issuer,
        Instant notAfter,
        Instant issuedAt,
        Instant revokedAt,
        Integer revocationReason) {}
