package io.certwiz.acme.server;

import java.time.Instant;

/**
 * One line of the issuance policy: an exact DNS name ({@code host.example.com}) or a domain suffix
 * ({@code .example.com}, every name below example.com), allowed or denied.
 */
public record PolicyEntry(String pattern, boolean allow, Instant addedAt) {}
