package io.certwiz.renewal;

import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.StoredKey;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.time.Instant;
import java.util.List;

/**
 * A held certificate as a renewal sees it in one transaction: the usages it serves now, where it came
 * from, its renewal state (a planned one when it was not tracked yet), whether it ever served a usage,
 * the certificate that already replaced it, and whether its key may be exported.
 */
record Candidate(
        StoredCertificate stored,
        List<Usage> usages,
        Origin origin,
        RenewalState state,
        boolean tracked,
        boolean everServed,
        Thumbprint replacedBy,
        boolean exportable) {

    Thumbprint thumbprint() {
        return stored.thumbprint();
    }

    /** Due (its next attempt came) at {@code now}. */
    boolean dueAt(Instant now) {
        return !state.nextAttemptAt().isAfter(now);
    }

    /** Served usages once and serves none now: out of service, not renewed. */
    boolean outOfService() {
        return usages.isEmpty() && everServed;
    }

    static Candidate read(RenewalContext context, Transaction tx, Thumbprint thumbprint) {
        StoredCertificate stored = context.held().get(tx, thumbprint);
        List<Usage> usages = context.assignments().all(tx).stream()
                .filter(a -> a.thumbprint().equals(thumbprint))
                .map(Assignment::usage)
                .toList();
        Origin origin = context.origins().of(tx, stored.certificate());
        RenewalState existing = context.renewals().state(tx, thumbprint).orElse(null);
        RenewalState state = existing != null
                ? existing
                : RenewalState.planned(thumbprint, context.planner().due(tx, stored.certificate(), usages, origin));
        boolean exportable = stored.keyId() != null
                && context.keys()
                        .find(tx, stored.keyId())
                        .map(StoredKey::exportable)
                        .orElse(false);
        return new Candidate(
                stored,
                usages,
                origin,
                state,
                existing != null,
                !usages.isEmpty() || context.history().everAssigned(tx, thumbprint),
                context.renewals().replacedBy(tx, thumbprint).orElse(null),
                exportable);
    }
}
