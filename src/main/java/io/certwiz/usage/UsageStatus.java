package io.certwiz.usage;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One row of the wizard's main page: a usage, its certificate, and its state. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record UsageStatus(
        String usage,
        String label,
        String thumbprint,
        String subject,
        String notAfter,
        String state,
        String assignedAt,
        String problem) {
    public static final String ASSIGNED = "Assigned";
    /** Assigned, but this server's listener could not present it (see {@code problem}) and kept another. */
    public static final String NOT_PRESENTED = "NotPresented";

    public UsageStatus(
            String usage,
            String label,
            String thumbprint,
            String subject,
            String notAfter,
            String state,
            String assignedAt) {
        this(usage, label, thumbprint, subject, notAfter, state, assignedAt, null);
    }

    public static final String NOT_ASSIGNED = "NotAssigned";
    public static final String EXPIRED = "Expired";
    public static final String CHAIN_UNTRUSTED = "ChainUntrusted";
}
