package io.certwiz.usage;

import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.certwiz.audit.AuditLog;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.revocation.Revocation;
import io.certwiz.revocation.RevocationChecker;
import io.certwiz.revocation.RevocationPolicy;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import io.certwiz.trust.ChainReport;
import io.certwiz.trust.PathResult;
import io.certwiz.trust.PathValidator;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.trust.ValidationRequest;
import io.certwiz.x509.Thumbprint;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Assigns certificates to usages, all named usages or none, after every check has passed, revocation
 * among them: checked before the transaction (a CRL or OCSP fetch must not hold the store), under the
 * policy asked for, {@link #DEFAULT_POLICY} when none. A revoked certificate is never assigned.
 */
public final class AssignmentService {
    /**
     * The revocation policy of assignment when none is given: soft fail. A certificate found revoked is
     * refused; one whose status cannot be found (its CA's CRL unreachable) is assigned with a warning,
     * so that an outage of an outside CA's distribution point does not block the server's own usages.
     */
    public static final RevocationPolicy DEFAULT_POLICY = RevocationPolicy.soft;

    private final Store store;
    private final HeldCertificates held;
    private final Assignments assignments;
    private final AssignmentChecks checks;
    private final AuditLog audit;
    private final Clock clock;
    private final String actor;
    private final RevocationChecker revocation;

    public AssignmentService(
            Store store,
            HeldCertificates held,
            Assignments assignments,
            AssignmentChecks checks,
            AuditLog audit,
            Clock clock,
            String actor,
            RevocationChecker revocation) {
        this.store = store;
        this.held = held;
        this.assignments = assignments;
        this.checks = checks;
        this.audit = audit;
        this.clock = clock;
        this.actor = actor;
        this.revocation = revocation;
    }

    /** What an assignment did, and its revocation check. */
    public record Assigned(List<Assignment> assignments, Revocation revocation) {
        public List<AssignmentView> views() {
            return assignments.stream()
                    .map(a -> AssignmentView.of(a, revocation))
                    .toList();
        }
    }

    /** Checks (revocation under {@link #DEFAULT_POLICY}), then assigns in one transaction. */
    public List<Assignment> assign(Thumbprint thumbprint, List<Usage> usages) {
        return assign(thumbprint, usages, null).assignments();
    }

    /**
     * Checks, then assigns in one transaction; a refusal names every failed check. The revocation check
     * runs first, outside the transaction, under {@code policy} (null: {@link #DEFAULT_POLICY}).
     */
    public Assigned assign(Thumbprint thumbprint, List<Usage> usages, RevocationPolicy policy) {
        if (usages.isEmpty()) {
            throw CertwizException.badUsage("name at least one usage: " + Usage.names());
        }
        Instant checkedAt = clock.instant();
        Revocation checked = revocation(
                thumbprint, checkedAt, RevocationChecker.Options.of(policy == null ? DEFAULT_POLICY : policy));
        List<Assignment> done = store.write(tx -> {
            Instant now = clock.instant();
            return assign(
                    tx,
                    thumbprint,
                    usages,
                    now,
                    certificate -> held.trust(tx).analyzer().analyze(certificate, now),
                    checked.problem());
        });
        return new Assigned(done, checked);
    }

    /** The revocation check of a stored certificate's path through the trust stores (none without one). */
    private Revocation revocation(Thumbprint thumbprint, Instant at, RevocationChecker.Options options) {
        record Loaded(X509Certificate certificate, TrustSnapshot trust) {}
        Loaded loaded = store.read(tx -> held.records()
                .find(tx, thumbprint)
                .map(stored -> new Loaded(stored.certificate(), held.trust(tx)))
                .orElse(null));
        if (loaded == null || options.policy() == RevocationPolicy.off) {
            return Revocation.notChecked(options.policy(), loaded == null ? "no such certificate" : "off");
        }
        PathResult path = PathValidator.validate(ValidationRequest.of(
                loaded.certificate(),
                loaded.trust().intermediates(),
                loaded.trust().roots(),
                at));
        if (!path.valid()) {
            return Revocation.notChecked(options.policy(), "there is no valid path to check");
        }
        return revocation.check(
                path.path(), loaded.trust().intermediates(), loaded.trust().roots(), at, options);
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
        return assign(tx, thumbprint, usages, now, chains, null);
    }

    private List<Assignment> assign(
            Transaction tx,
            Thumbprint thumbprint,
            List<Usage> usages,
            Instant now,
            Function<X509Certificate, ChainReport> chains,
            Problem revoked) {
        if (usages.isEmpty()) {
            throw CertwizException.badUsage("name at least one usage: " + Usage.names());
        }
        StoredCertificate stored = held.get(tx, thumbprint);
        List<Problem> problems = new ArrayList<>(checks.check(tx, stored, usages, chains));
        if (revoked != null) {
            problems.add(revoked);
        }
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

    /**
     * The wizard's main page: every usage with its certificate and state ({@link UsageStatus#REVOKED} when
     * the embedded CA revoked it, or a CRL or OCSP response kept here says so; nothing is fetched).
     */
    public List<UsageStatus> usages() {
        Instant now = clock.instant();
        List<UsageStatus> rows = store.read(tx -> {
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
        List<UsageStatus> out = new ArrayList<>();
        for (UsageStatus row : rows) {
            if (UsageStatus.ASSIGNED.equals(row.state())
                    && revocation(
                                    Thumbprint.parse(row.thumbprint()),
                                    now,
                                    new RevocationChecker.Options(RevocationPolicy.soft, List.of(), false, false))
                            .revoked()) {
                row = new UsageStatus(
                        row.usage(),
                        row.label(),
                        row.thumbprint(),
                        row.subject(),
                        row.notAfter(),
                        UsageStatus.REVOKED,
                        row.assignedAt());
            }
            out.add(row);
        }
        return out;
    }

    /** An assigned certificate found revoked. */
    public record RevokedAssignment(Usage usage, String thumbprint, Revocation revocation) {}

    /**
     * The assigned certificates that are revoked, checked now (the embedded CA's ledger, the CRLs at
     * their distribution points, and OCSP where they name a responder): what raises an alert and what
     * renewal replaces. Runs no transaction while it fetches.
     */
    public List<RevokedAssignment> revokedAssignments() {
        Instant now = clock.instant();
        List<Assignment> current = store.read(tx -> {
            List<Assignment> found = new ArrayList<>();
            for (Usage usage : Usage.values()) {
                assignments.find(tx, usage).ifPresent(found::add);
            }
            return found;
        });
        List<RevokedAssignment> revoked = new ArrayList<>();
        for (Assignment assignment : current) {
            Revocation checked = revocation(
                    assignment.thumbprint(),
                    now,
                    new RevocationChecker.Options(RevocationPolicy.soft, List.of(), true, true));
            if (checked.revoked()) {
                revoked.add(new RevokedAssignment(
                        assignment.usage(), assignment.thumbprint().hex(), checked));
            }
        }
        return revoked;
    }
}
