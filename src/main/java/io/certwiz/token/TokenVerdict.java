package io.certwiz.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.certwiz.Problem;
import java.util.List;

/**
 * What {@code certwiz token verify} found: valid or not, why not, which published key signed it (and its
 * role in the roll-over), and the token's claims.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TokenVerdict(
        boolean valid,
        String kid,
        String keyRole,
        String algorithm,
        String issuer,
        String subject,
        List<String> audience,
        String issuedAt,
        String notBefore,
        String expiresAt,
        String tokenId,
        List<Problem> problems) {}
