package io.certwiz.acme.server;

import java.time.Instant;

/**
 * An external account binding key (RFC 8555 7.3.4): its key id, its HMAC key sealed under the data
 * directory's master key, and the account it was bound to once used (single use).
 */
public record EabKey(String kid, String sealedHmac, Instant createdAt, String accountId) {}
