package io.certwiz.usage;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One row of the wizard's main page: a usage, its certificate, and its state; for a usage that rolls
 * over, the staged next certificate with its effective date and the previous one (still verifying until
 * it expires); {@code problem} says why a listener could not present it ({@link #NOT_PRESENTED}); the
 * certificate's {@code renewal} state and the usage's {@code renewBefore} override, added by the renewal
 * service.
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
        String previousNotAfter,
        String problem,
        String renewBefore,
        RenewalView renewal) {
    public static final String ASSIGNED = "Assigned";
    public static final String NOT_ASSIGNED = "NotAssigned";
    public static final String EXPIRED = "Expired";
    public static final String CHAIN_UNTRUSTED = "ChainUntrusted";
    /** Assigned, but a serving process's listener could not present it (see {@code problem}) and kept another. */
    public static final String NOT_PRESENTED = "NotPresented";
    /** Assigned, but its CA has revoked it. */
    public static final String REVOKED = "Revoked";

    /** A row without a listener problem or renewal state. */
    public UsageStatus(
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
        this(
                usage,
                label,
                thumbprint,
                subject,
                notAfter,
                state,
                assignedAt,
                nextThumbprint,
                nextEffectiveDate,
                nextNotAfter,
                previousThumbprint,
                previousNotAfter,
                null,
                null,
                null);
    }

    /** The same row with the listener's problem: state {@link #NOT_PRESENTED}. */
    public UsageStatus notPresented(String why) {
        return with(NOT_PRESENTED, why, renewBefore, renewal);
    }

    /** The same row with the renewal service's additions. */
    public UsageStatus withRenewal(String renewBefore, RenewalView renewal) {
        return with(state, problem, renewBefore, renewal);
    }

    /** The same row in state {@link #REVOKED}. */
    public UsageStatus revoked() {
        return with(REVOKED, problem, renewBefore, renewal);
    }

    private UsageStatus with(String state, String problem, String renewBefore, RenewalView renewal) {
        return new UsageStatus(
                usage,
                label,
                thumbprint,
                subject,
                notAfter,
                state,
                assignedAt,
                nextThumbprint,
                nextEffectiveDate,
                nextNotAfter,
                previousThumbprint,
                previousNotAfter,
                problem,
                renewBefore,
                renewal);
    }
}
