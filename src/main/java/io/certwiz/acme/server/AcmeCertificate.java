package io.certwiz.acme.server;

import java.math.BigInteger;
import java.time.Instant;

/** A certificate issued over ACME, with the PEM chain served at its URL and the account that ordered it. */
public record AcmeCertificate(
        String id, BigInteger serial, String accountId, String orderId, String chainPem, Instant issuedAt) {}
