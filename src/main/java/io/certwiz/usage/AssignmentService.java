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
    private final AuditLog audit;
    private final Clock clock;
    private final String actor;
    private final ListenerFaults faults;

    public AssignmentService(
            Store store,
            HeldCertificates held,
            Assignments assignments,
            AssignmentChecks checks,
            AuditLog audit,
            Clock clock,
            String actor) {
        this(store, held, assignments, checks, audit, clock, actor, null);
    }

    /** With {@code faults}: {@link #usages} says when a listener could not present the assigned certificate. */
    public AssignmentService(
            Store store,
            HeldCertificates held,
            Assignments assignments,
            AssignmentChecks checks,
            AuditLog audit,
            Clock clock,
            String actor,
            ListenerFaults faults) {
        this.faults = faults;
        this.store = store;
        this.held = held;
        this.assignments = assignments;
        this.checks = checks;
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
        List<Assignment> done = new ArrayList<>();
        for (Usage usage : usages) {
            Assignment current = assignments.find(tx, usage).orElse(null);
            Thumbprint previous = current == null
                    ? null
                    : current.thumbprint().equals(thumbprint) ? current.previous() : current.thumbprint();
            Assignment assignment = new Assignment(usage, thumbprint, now, previous);
            assignments.put(tx, assignment);
            done.add(assignment);
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
                String problem = null;
                ListenerFaults.Fault fault =
                        faults == null ? null : faults.find(tx, usage).orElse(null);
                if (now.isAfter(stored.certificate().getNotAfter().toInstant())) {
                    state = UsageStatus.EXPIRED;
                } else {
                    ChainReport chain = trust.analyzer().analyze(stored.certificate(), now);
                    if (!chain.trusted()) {
                        state = UsageStatus.CHAIN_UNTRUSTED;
                    }
                }
                if (fault != null
                        && fault.thumbprint().equals(stored.thumbprint().hex())) {
                    state = UsageStatus.NOT_PRESENTED;
                    problem = "the listener could not present it since " + fault.since() + ": " + fault.message();
                }
                out.add(new UsageStatus(
                        usage.name(),
                        usage.label(),
                        stored.thumbprint().hex(),
                        stored.certificate().getSubjectX500Principal().getName(),
                        stored.certificate().getNotAfter().toInstant().toString(),
                        state,
                        assignment.assignedAt().toString(),
                        problem));
            }
            return out;
        });
    }
}
