package io.certwiz.usage;

import io.certwiz.CertwizException;
import io.certwiz.Problem;
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
    private final Clock clock;
    private final String actor;

    public AssignmentService(Store store, Clock clock, String actor) {
        this.store = store;
        this.clock = clock;
        this.actor = actor;
    }

    /** Checks, then assigns in one transaction; a refusal names every failed check. */
    public List<Assignment> assign(Thumbprint thumbprint, List<Usage> usages) {
        return store.write(tx -> assign(tx, thumbprint, usages, clock.instant(), actor));
    }

    /** The same inside a caller's transaction (used when a request completes). */
    public static List<Assignment> assign(
            Transaction tx, Thumbprint thumbprint, List<Usage> usages, Instant now, String actor) {
        return assign(tx, thumbprint, usages, now, actor, AssignmentChecks.analyzer(tx, now));
    }

    /**
     * The same, with the certificate's chain report from {@code chains}: called at most once, and not at all
     * when the checks stop before the chain (as {@link AssignmentChecks} does with a CA certificate).
     */
    public static List<Assignment> assign(
            Transaction tx,
            Thumbprint thumbprint,
            List<Usage> usages,
            Instant now,
            String actor,
            Function<X509Certificate, ChainReport> chains) {
        if (usages.isEmpty()) {
            throw CertwizException.badUsage("name at least one usage: " + Usage.names());
        }
        StoredCertificate stored = tx.certificate(thumbprint)
                .orElseThrow(() -> CertwizException.notFound("no certificate with thumbprint " + thumbprint));
        List<Problem> problems = AssignmentChecks.check(tx, stored, usages, now, chains);
        if (!problems.isEmpty()) {
            throw CertwizException.refused(
                    "certificate " + thumbprint + " cannot be assigned to "
                            + usages.stream().map(Usage::name).collect(Collectors.joining(","))
                            + ": " + problems.size() + (problems.size() == 1 ? " check failed" : " checks failed"),
                    problems);
        }
        List<Assignment> done = new ArrayList<>();
        for (Usage usage : usages) {
            Thumbprint previous = tx.assignment(usage)
                    .map(Assignment::thumbprint)
                    .filter(p -> !p.equals(thumbprint))
                    .orElse(tx.assignment(usage).map(Assignment::previous).orElse(null));
            Assignment assignment = new Assignment(usage, thumbprint, now, previous);
            tx.putAssignment(assignment);
            done.add(assignment);
        }
        tx.audit(
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
            List<Assignment> removed = new ArrayList<>();
            for (Usage usage : usages) {
                Assignment current = tx.assignment(usage)
                        .orElseThrow(() -> CertwizException.notFound("no certificate is assigned to " + usage.name()));
                tx.deleteAssignment(usage);
                tx.audit(
                        clock.instant(),
                        actor,
                        "unassign",
                        List.of(current.thumbprint().hex()),
                        "usage=" + usage.name());
                removed.add(current);
            }
            return removed;
        });
    }

    /** The wizard's main page: every usage with its certificate and state. */
    public List<UsageStatus> usages() {
        Instant now = clock.instant();
        return store.read(tx -> {
            TrustSnapshot trust = TrustSnapshot.load(tx);
            List<UsageStatus> out = new ArrayList<>();
            for (Usage usage : Usage.values()) {
                Assignment assignment = tx.assignment(usage).orElse(null);
                StoredCertificate stored = assignment == null
                        ? null
                        : tx.certificate(assignment.thumbprint()).orElse(null);
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
