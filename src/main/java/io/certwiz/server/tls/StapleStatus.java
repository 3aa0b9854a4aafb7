package io.certwiz.server.tls;

import java.time.Instant;

/**
 * What a listener staples now: the nextUpdate of the OCSP response it staples (null: none stapled), and
 * why the last ask for one failed (null when it did not).
 */
public record StapleStatus(Instant nextUpdate, String error) {}
