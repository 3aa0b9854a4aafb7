package io.certwiz.token;

import java.util.List;

/** A token {@code certwiz token issue} signed: the compact JWS and what it says. */
public record IssuedToken(
        String token,
        String tokenType,
        String algorithm,
        String kid,
        String x5tS256,
        String issuer,
        String subject,
        List<String> audience,
        String issuedAt,
        String expiresAt,
        long expiresIn,
        String tokenId) {}
