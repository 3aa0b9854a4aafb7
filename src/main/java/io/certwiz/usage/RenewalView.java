package io.certwiz.usage;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A certificate's {@code renewal} object in {@code show --json} and {@code usages --json}: when it is
 * due, when it is next tried, how the last attempt went and how many attempts failed since the last
 * success; the offline request it waits for (an outside CA); the pool server renewing it now. Made by
 * the renewal service, which owns that state.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RenewalView(
        String dueAt,
        String nextAttemptAt,
        String lastAttemptAt,
        String lastError,
        int attempts,
        Long pendingRequest,
        String leaseOwner,
        String urgency) {}
