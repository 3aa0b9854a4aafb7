package io.certwiz.usage;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One row of the wizard's main page: a usage, its certificate, and its state; for a usage that rolls
 * over, the staged next certificate with its effective date and the previous one (still verifying until
 * it expires).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageStatus(
        String usage,
        String label,
        String thumbprint,
        String subject,
        String notAfter,
        String state,
        String assignedAt,
        String nextThumbprint,
        String nextEffectiveDate,
        String nextNotAfter,
        String previousThumbprint,
        String previousNotAfter) {
    public static final String ASSIGNED = "Assigned";
    public static final String NOT_ASSIGNED = "NotAssigned";
    public static final String EXPIRED = "Expired";
    public static final String CHAIN_UNTRUSTED = "ChainUntrusted";
    public static final String REVOKED = "Revoked";
}
