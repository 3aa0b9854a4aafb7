package io.certwiz.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.certwiz.revocation.Revocation;

/**
 * An assignment as the CLI's and the API's JSON show it, with the revocation check it passed (absent when
 * none ran, as for a certificate assigned as its request completes); a staged roll-over adds the next
 * certificate and its effective date.
 */
public record AssignmentView(
        String usage,
        String thumbprint,
        String assignedAt,
        String previousThumbprint,
        @JsonInclude(JsonInclude.Include.NON_NULL) String nextThumbprint,
        @JsonInclude(JsonInclude.Include.NON_NULL) String nextEffectiveDate,
        @JsonInclude(JsonInclude.Include.NON_NULL) Revocation revocation) {
    public static AssignmentView of(Assignment assignment) {
        return of(assignment, null);
    }

    public static AssignmentView of(Assignment assignment, Revocation revocation) {
        return new AssignmentView(
                assignment.usage().name(),
                assignment.thumbprint().hex(),
                assignment.assignedAt().toString(),
                assignment.previous() == null ? null : assignment.previous().hex(),
                assignment.next() == null ? null : assignment.next().hex(),
                assignment.next() == null ? null : assignment.nextEffectiveAt().toString(),
                revocation);
    }

    /** An assignment that was removed: the usage and the certificate it had. */
    public record Removed(String usage, String thumbprint) {
        public static Removed of(Assignment assignment) {
            return new Removed(
                    assignment.usage().name(), assignment.thumbprint().hex());
        }
    }
}
