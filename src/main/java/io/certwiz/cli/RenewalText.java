package io.certwiz.cli;

import io.certwiz.certificate.CertificateView;
import io.certwiz.renewal.RenewalOutcome;
import io.certwiz.usage.RenewalView;
import io.certwiz.usage.UsageStatus;
import java.io.PrintWriter;
import java.util.List;

/** Plain-text renderings of renewal: outcomes of {@code renew}, and the renewal lines of {@code show} and {@code usages}. */
final class RenewalText {
    private RenewalText() {}

    static void outcomes(PrintWriter out, List<RenewalOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            out.println("No certificate is tracked for renewal (none is assigned).");
        }
        for (RenewalOutcome outcome : outcomes) {
            out.println(outcome.result() + " " + outcome.thumbprint()
                    + (outcome.renewedThumbprint() == null ? "" : " -> " + outcome.renewedThumbprint()));
            Text.field(out, "CA", outcome.ca());
            Text.field(out, "Usages", Text.list(outcome.usages()));
            if (outcome.namesAdded() != null || outcome.namesDropped() != null) {
                Text.field(out, "Names added", Text.list(outcome.namesAdded()));
                Text.field(out, "Names dropped", Text.list(outcome.namesDropped()));
            }
            out.println("  " + outcome.message());
            if (outcome.csr() != null) {
                out.println("  The offline request " + outcome.pendingRequest() + " to send to the CA:");
                outcome.csr().lines().forEach(out::println);
            }
        }
    }

    /** The lineage and renewal lines of {@code show}. */
    static void certificate(PrintWriter out, CertificateView view) {
        if (view.replaces() == null && view.replacedBy() == null && view.renewal() == null) {
            return;
        }
        out.println("Renewal:");
        if (view.replaces() != null) {
            Text.field(out, "Replaces", view.replaces());
        }
        if (view.replacedBy() != null) {
            Text.field(out, "Replaced by", view.replacedBy());
        }
        if (view.renewal() != null) {
            state(out, view.renewal());
        }
    }

    static void state(PrintWriter out, RenewalView renewal) {
        Text.field(out, "Due", renewal.dueAt());
        if (renewal.attempts() > 0) {
            Text.field(out, "Next attempt", renewal.nextAttemptAt());
        }
        Text.field(out, "Last attempt", renewal.lastAttemptAt() == null ? "(none yet)" : renewal.lastAttemptAt());
        Text.field(out, "Failed attempts", renewal.attempts());
        if (renewal.lastError() != null) {
            Text.field(out, "Last error", renewal.lastError());
        }
        if (renewal.pendingRequest() != null) {
            Text.field(out, "Waiting for request", renewal.pendingRequest());
        }
        Text.field(out, "Urgency", renewal.urgency());
    }

    /** One line per usage whose certificate is tracked, under the {@code usages} table. */
    static void usages(PrintWriter out, List<UsageStatus> usages) {
        for (UsageStatus status : usages) {
            RenewalView renewal = status.renewal();
            if (renewal == null && status.renewBefore() == null) {
                continue;
            }
            out.println(status.usage() + ": "
                    + (renewal == null
                            ? "not tracked"
                            : "renews at " + renewal.nextAttemptAt()
                                    + (renewal.attempts() > 0
                                            ? " after " + renewal.attempts() + " failed attempts ("
                                                    + renewal.lastError() + ")"
                                            : ""))
                    + (status.renewBefore() == null ? "" : "; --renew-before " + status.renewBefore()));
        }
    }
}
