package io.certwiz.renewal;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What one renewal attempt did ({@code renew --json} prints a list of them): the {@link Result}, the
 * certificate and its successor, the CA, the usages taken over, the names added and dropped when the
 * server identity changed, when it is due, the offline request made for an outside CA (with its CSR when
 * it was made now), and the one-line message said to the administrator.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RenewalOutcome(
        String thumbprint,
        Result result,
        String renewedThumbprint,
        String ca,
        List<String> usages,
        List<String> namesAdded,
        List<String> namesDropped,
        String dueAt,
        Long pendingRequest,
        String csr,
        String message) {

    public enum Result {
        /** A new certificate took over every usage. */
        RENEWED,
        /** --dry-run: what a renewal would do, nothing done. */
        WOULD_RENEW,
        /** Not due yet (without --force). */
        NOT_DUE,
        /** Another server of the pool holds the lease and renews it. */
        LEASED_ELSEWHERE,
        /** The attempt failed; the current certificate keeps serving, retried with backoff. */
        FAILED,
        /** Taken over, then not served or refused: every usage went back to the current certificate. */
        REVERTED,
        /** From an outside CA: certwiz made an offline request that an administrator must take to the CA. */
        OFFLINE_REQUEST,
        /** No longer in service (unassigned after serving) or gone: not renewed, no longer tracked. */
        DROPPED
    }

    public RenewalOutcome {
        usages = usages == null ? List.of() : List.copyOf(usages);
        namesAdded = namesAdded == null || namesAdded.isEmpty() ? null : List.copyOf(namesAdded);
        namesDropped = namesDropped == null || namesDropped.isEmpty() ? null : List.copyOf(namesDropped);
    }

    /** True when the administrator must act: a failure, a reverted renewal or an offline request. */
    public boolean needsAttention() {
        return result == Result.FAILED || result == Result.REVERTED || result == Result.OFFLINE_REQUEST;
    }
}
