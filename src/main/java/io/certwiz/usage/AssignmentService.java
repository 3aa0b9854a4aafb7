package io.certwiz.usage;

import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.certwiz.audit.AuditLog;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.trust.ChainReport;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.x509.Thumbprint;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Assigns certificates to usages, all named usages or none, after every check has passed. */
public final class AssignmentService {
    private final Store store;
    private final HeldCertificates held;
    private final Assignments assignments;
    private final AssignmentChecks checks;
    private final AssignmentHistory history;
    private final AuditLog audit;
    private final Clock clock;
    private final String actor;

    public AssignmentService(
            Store store,
            HeldCertificates held,
            Assignments assignments,
            AssignmentChecks checks,
            AssignmentHistory history,
            AuditLog audit,
            Clock clock,
            String actor) {
        this.store = store;
        this.held = held;
        this.assignments = assignments;
        this.checks = checks;
        this.history = history;
        this.audit = audit;
        this.clock = clock;
        this.actor = actor;
    }

    /** Checks, then assigns in one transaction; a refusal names every failed check. */
    public List<Assignment> assign(Thumbprint thumbprint, List<Usage> usages) {
        return store.write(tx -> {
            Instant now = clock.instant();
            return assign(
                    tx,
                    thumbprint,
                    usages,
                    now,
                    certificate -> held.trust(tx).analyzer().analyze(certificate, now));
        });
    }

    /**
     * The same inside a caller's transaction (a request that completes), with the certificate's chain report
     * from {@code chains}: called at most once, and not at all when the checks stop before the chain (as
     * {@link AssignmentChecks} does with a CA certificate).
     */
    public List<Assignment> assign(
            Transaction tx,
            Thumbprint thumbprint,
            List<Usage> usages,
            Instant now,
            Function<X509Certificate, ChainReport> chains) {
        check(tx, thumbprint, usages, chains);
        List<Assignment> done = new ArrayList<>();
        for (Usage usage : usages) {
            done.add(move(tx, usage, thumbprint, now, AssignmentChange.ASSIGN));
        }
        audit.append(
                tx,
                now,
                actor,
                "assign",
                List.of(thumbprint.hex()),
                "usages=" + usages.stream().map(Usage::name).collect(Collectors.joining(",")));
        return done;
    }

    /**
     * The checks {@link #assign} runs, inside the caller's transaction: a refusal throws, naming every
     * failed check. {@code chains} gives the certificate's chain report, as for {@link #assign}.
     */
    public void check(
            Transaction tx, Thumbprint thumbprint, List<Usage> usages, Function<X509Certificate, ChainReport> chains) {
        if (usages.isEmpty()) {
            throw CertwizException.badUsage("name at least one usage: " + Usage.names());
        }
        StoredCertificate stored = held.get(tx, thumbprint);
        List<Problem> problems = checks.check(tx, stored, usages, chains);
        if (!problems.isEmpty()) {
            throw CertwizException.refused(
                    "certificate " + thumbprint + " cannot be assigned to "
                            + usages.stream().map(Usage::name).collect(Collectors.joining(","))
                            + ": " + problems.size() + (problems.size() == 1 ? " check failed" : " checks failed"),
                    problems);
        }
    }

    /**
     * Gives {@code usage} to {@code thumbprint} without checking (the caller checked in this transaction),
     * keeping the certificate it had as the previous one, and records the change and its {@code cause} in
     * the usage's history. No audit entry: the caller writes the one that says why.
     */
    public Assignment move(Transaction tx, Usage usage, Thumbprint thumbprint, Instant now, String cause) {
        Assignment current = assignments.find(tx, usage).orElse(null);
        Thumbprint previous = current == null
                ? null
                : current.thumbprint().equals(thumbprint) ? current.previous() : current.thumbprint();
        Assignment assignment = new Assignment(usage, thumbprint, now, previous);
        assignments.put(tx, assignment);
        history.append(tx, usage, thumbprint, now, cause);
        return assignment;
    }

    /** The usage's assignment, if it has one. */
    public java.util.Optional<Assignment> current(Transaction tx, Usage usage) {
        return assignments.find(tx, usage);
    }

    /** Every assignment, by usage. */
    public List<Assignment> all(Transaction tx) {
        return assignments.all(tx);
    }

    /** The usage's changes, newest first, at most {@code limit}. */
    public List<AssignmentChange> history(Usage usage, int limit) {
        return store.read(tx -> history.of(tx, usage, limit));
    }

    /** Removes the assignments of all named usages or, when one has none, of none. */
    public List<Assignment> unassign(List<Usage> usages) {
        return store.write(tx -> {
            Instant now = clock.instant();
            List<Assignment> removed = new ArrayList<>();
            for (Usage usage : usages) {
                Assignment current = assignments
                        .find(tx, usage)
                        .orElseThrow(() -> CertwizException.notFound("no certificate is assigned to " + usage.name()));
                assignments.delete(tx, usage);
                history.append(tx, usage, null, now, AssignmentChange.UNASSIGN);
                audit.append(
                        tx, now, actor, "unassign", List.of(current.thumbprint().hex()), "usage=" + usage.name());
                removed.add(current);
            }
            return removed;
        });
    }

    /** The wizard's main page: every usage with its certificate and state. */
    public List<UsageStatus> usages() {
        Instant now = clock.instant();
        return store.read(tx -> {
            TrustSnapshot trust = held.trust(tx);
            List<UsageStatus> out = new ArrayList<>();
            for (Usage usage : Usage.values()) {
                Assignment assignment = assignments.find(tx, usage).orElse(null);
                StoredCertificate stored = assignment == null
                        ? null
                        : held.records().find(tx, assignment.thumbprint()).orElse(null);
                if (stored == null) {
                    out.add(new UsageStatus(
                            usage.name(), usage.label(), null, null, null, UsageStatus.NOT_ASSIGNED, null));
                    continue;
                }
                String state = UsageStatus.ASSIGNED;
                if (now.isAfter(stored.certificate().getNotAfter().toInstant())) {
                    state = UsageStatus.EXPIRED;
                } else {
                    ChainReport chain = trust.analyzer().analyze(stored.certificate(), now);
                    if (!chain.trusted()) {
                        state = UsageStatus.CHAIN_UNTRUSTED;
                    }
                }
                out.add(new UsageStatus(
                        usage.name(),
                        usage.label(),
                        stored.thumbprint().hex(),
                        stored.certificate().getSubjectX500Principal().getName(),
                        stored.certificate().getNotAfter().toInstant().toString(),
                        state,
                        assignment.assignedAt().toString()));
            }
            return out;
        });
    }
}
