package io.certwiz.assignment;

import io.certwiz.certificate.HeldCertificates;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.revocation.Revocation;
import io.certwiz.revocation.RevocationChecker;
import io.certwiz.revocation.RevocationPolicy;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.Assignments;
import io.certwiz.usage.ListenerFaults;
import io.certwiz.usage.Usage;
import io.certwiz.usage.UsageStatus;
import io.certwiz.x509.Thumbprint;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * How each usage stands: its certificate and state for the wizard's main page and {@code usages}, and
 * which assigned certificates are revoked (what raises an alert and what renewal replaces).
 */
public final class UsageStatuses {
    private final Store store;
    private final HeldCertificates held;
    private final Assignments assignments;
    private final ListenerFaults faults;
    private final HeldRevocation revocations;
    private final Clock clock;

    UsageStatuses(
            Store store,
            HeldCertificates held,
            Assignments assignments,
            ListenerFaults faults,
            HeldRevocation revocations,
            Clock clock) {
        this.store = store;
        this.held = held;
        this.assignments = assignments;
        this.faults = faults;
        this.revocations = revocations;
        this.clock = clock;
    }

    /**
     * The wizard's main page: every usage with its certificate and state ({@link UsageStatus#REVOKED} when
     * the embedded CA revoked it, or a CRL or OCSP response kept here says so; nothing is fetched).
     */
    public List<UsageStatus> usages() {
        Instant now = clock.instant();
        List<UsageStatus> rows = usageRows(now);
        List<UsageStatus> out = new ArrayList<>();
        for (UsageStatus row : rows) {
            if (UsageStatus.ASSIGNED.equals(row.state())
                    && revocations
                            .check(
                                    Thumbprint.parse(row.thumbprint()),
                                    now,
                                    new RevocationChecker.Options(RevocationPolicy.soft, List.of(), false, false))
                            .revoked()) {
                row = row.revoked();
            }
            out.add(row);
        }
        return out;
    }

    /** An assigned certificate found revoked. */
    public record RevokedAssignment(Usage usage, String thumbprint, Revocation revocation) {}

    /**
     * The assigned certificates that are revoked, checked now: the embedded CA's ledger, and with {@code
     * fetch} the CRLs at their distribution points and OCSP where they name a responder (what renewal
     * replaces); without it only CRLs in the store's cache (what alerts read every minute). Runs no
     * transaction while it fetches.
     */
    public List<RevokedAssignment> revokedAssignments(boolean fetch) {
        Instant now = clock.instant();
        List<Assignment> current = store.read(tx -> {
            List<Assignment> found = new ArrayList<>();
            for (Usage usage : Usage.values()) {
                Assignment assignment = current(tx, usage, now);
                if (assignment != null) {
                    found.add(assignment);
                }
            }
            return found;
        });
        List<RevokedAssignment> revoked = new ArrayList<>();
        for (Assignment assignment : current) {
            Revocation checked = revocations.check(
                    assignment.thumbprint(),
                    now,
                    new RevocationChecker.Options(RevocationPolicy.soft, List.of(), fetch, fetch));
            if (checked.revoked()) {
                revoked.add(new RevokedAssignment(
                        assignment.usage(), assignment.thumbprint().hex(), checked));
            }
        }
        return revoked;
    }

    private List<UsageStatus> usageRows(Instant now) {
        return store.read(tx -> {
            TrustSnapshot trust = held.trust(tx);
            List<UsageStatus> out = new ArrayList<>();
            for (Usage usage : Usage.values()) {
                UsageStatus status = status(tx, usage, current(tx, usage, now), trust, now);
                ListenerFaults.Fault fault =
                        faults == null ? null : faults.find(tx, usage).orElse(null);
                if (fault != null && fault.thumbprint().equals(status.thumbprint())) {
                    status = status.notPresented(
                            "the listener could not present it since " + fault.since() + ": " + fault.message());
                }
                out.add(status);
            }
            return out;
        });
    }

    private Assignment current(Transaction tx, Usage usage, Instant now) {
        return assignments.find(tx, usage).map(a -> a.at(now)).orElse(null);
    }

    private UsageStatus status(Transaction tx, Usage usage, Assignment assignment, TrustSnapshot trust, Instant now) {
        StoredCertificate stored = assignment == null
                ? null
                : held.records().find(tx, assignment.thumbprint()).orElse(null);
        if (stored == null) {
            return new UsageStatus(
                    usage.name(),
                    usage.label(),
                    null,
                    null,
                    null,
                    UsageStatus.NOT_ASSIGNED,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null);
        }
        String state = UsageStatus.ASSIGNED;
        if (now.isAfter(stored.certificate().getNotAfter().toInstant())) {
            state = UsageStatus.EXPIRED;
        } else if (!trust.analyzer().analyze(stored.certificate(), now).trusted()) {
            state = UsageStatus.CHAIN_UNTRUSTED;
        }
        return new UsageStatus(
                usage.name(),
                usage.label(),
                stored.thumbprint().hex(),
                stored.certificate().getSubjectX500Principal().getName(),
                notAfter(stored),
                state,
                assignment.assignedAt().toString(),
                assignment.next() == null ? null : assignment.next().hex(),
                assignment.next() == null ? null : assignment.nextEffectiveAt().toString(),
                notAfter(tx, assignment.next()),
                assignment.previous() == null ? null : assignment.previous().hex(),
                notAfter(tx, assignment.previous()));
    }

    private String notAfter(Transaction tx, Thumbprint thumbprint) {
        return thumbprint == null
                ? null
                : held.records()
                        .find(tx, thumbprint)
                        .map(UsageStatuses::notAfter)
                        .orElse(null);
    }

    private static String notAfter(StoredCertificate stored) {
        return stored.certificate().getNotAfter().toInstant().toString();
    }
}
