package io.certwiz.usage;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One row of the wizard's main page: a usage, its certificate, and its state; the certificate's
 * {@code renewal} state and the usage's {@code renewBefore} override, added by the renewal service.
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
        String renewBefore,
        io.certwiz.renewal.RenewalView renewal) {
    public UsageStatus(
            String usage,
            String label,
            String thumbprint,
            String subject,
            String notAfter,
            String state,
            String assignedAt) {
        this(usage, label, thumbprint, subject, notAfter, state, assignedAt, null, null);
    }

    /** The same with the renewal service's additions. */
    public UsageStatus withRenewal(String renewBefore, io.certwiz.renewal.RenewalView renewal) {
        return new UsageStatus(usage, label, thumbprint, subject, notAfter, state, assignedAt, renewBefore, renewal);
    }

    public static final String ASSIGNED = "Assigned";
    public static final String NOT_ASSIGNED = "NotAssigned";
    public static final String EXPIRED = "Expired";
    public static final String CHAIN_UNTRUSTED = "ChainUntrusted";
}
