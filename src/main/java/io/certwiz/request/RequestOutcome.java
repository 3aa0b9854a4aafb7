package io.certwiz.request;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.certwiz.Problem;
import io.certwiz.certificate.CertificateView;
import java.util.List;

/**
 * The Online Certificate Request Status: the certificate the CA returned, the usages it was requested
 * for, the usages it is now assigned to, and why assignment did not happen when it did not.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestOutcome(
        Long requestId,
        CertificateView certificate,
        List<String> requestedUsages,
        List<String> assignedUsages,
        boolean assignRequested,
        List<Problem> assignmentProblems) {
    /** True when the wizard's check box was on and assignment was refused. */
    public boolean assignmentRefused() {
        return assignRequested && !assignmentProblems.isEmpty();
    }
}
