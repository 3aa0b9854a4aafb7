package io.certwiz.ca;

import io.certwiz.x509.Thumbprint;
import java.time.Instant;

/** The embedded CA's current CRL of one issuing CA, as signed, and how many revocations it lists. */
public record StoredCrl(
        Thumbprint issuer, long number, Instant thisUpdate, Instant nextUpdate, long revokedCount, byte[] der) {}
