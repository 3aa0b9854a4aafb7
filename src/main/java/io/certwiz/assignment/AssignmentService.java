package io.certwiz.assignment;

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
import io.certwiz.usage.Assignment;
import io.certwiz.usage.AssignmentView;
import io.certwiz.usage.Assignments;
import io.certwiz.usage.ListenerFaults;
import io.certwiz.usage.Usage;
import io.certwiz.usage.UsageStatus;
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
 * policy asked for, {@link #DEFAULT_POLICY} when none; a revoked certificate is never assigned. Stages an
 * OAuthTokenIssuer certificate to become current at an effective date ({@link Rollover}).
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
    private final AssignmentHistory history;
    private final AuditLog audit;
    private final Clock clock;
    private final String actor;
    private final ListenerFaults faults;
    private final HeldRevocation revocations;
    private final UsageStatuses statuses;

    /** {@code faults}: {@link #usages} says when a listener could not present the assigned certificate. */
    public AssignmentService(
            Store store,
            HeldCertificates held,
            Assignments assignments,
            AssignmentChecks checks,
            AssignmentHistory history,
            AuditLog audit,
            Clock clock,
            String actor,
            RevocationChecker revocation,
            ListenerFaults faults) {
        this.faults = faults;
        this.revocations = new HeldRevocation(store, held, revocation);
        this.statuses = new UsageStatuses(store, held, assignments, faults, revocations, clock);
        this.store = store;
        this.held = held;
        this.assignments = assignments;
        this.checks = checks;
        this.history = history;
        this.audit = audit;
        this.clock = clock;
        this.actor = actor;
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
        Revocation checked = revocations.check(
                thumbprint, clock.instant(), RevocationChecker.Options.of(policy == null ? DEFAULT_POLICY : policy));
        List<Assignment> done = store.write(tx -> {
            Instant now = clock.instant();
            return assign(tx, thumbprint, usages, now, chains(tx, now), checked.problem());
        });
        return new Assigned(done, checked);
    }

    /**
     * The same inside a caller's transaction (a request that completes), with the certificate's chain report
     * from {@code chains}: called at most once, and not at all when the checks stop before the chain (as
     * {@link AssignmentChecks} does with a CA certificate). A certificate staged for a usage is dropped,
     * unless it is the one assigned now.
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
        check(tx, thumbprint, usages, chains, revoked);
        List<Assignment> done = new ArrayList<>();
        for (Usage usage : usages) {
            done.add(move(tx, usage, thumbprint, now, AssignmentChange.ASSIGN));
        }
        audit.append(tx, now, actor, "assign", List.of(thumbprint.hex()), "usages=" + names(usages));
        return done;
    }

    /**
     * Gives {@code usage} to {@code thumbprint} without checking (the caller checked in this transaction),
     * keeping the certificate it had as the previous one (a staged one is dropped), and records the change
     * and its {@code cause} in the usage's history. No audit entry: the caller writes the one that says why.
     */
    public Assignment move(Transaction tx, Usage usage, Thumbprint thumbprint, Instant now, String cause) {
        Assignment current = current(tx, usage, now);
        Thumbprint previous = current == null
                ? null
                : current.thumbprint().equals(thumbprint) ? current.previous() : current.thumbprint();
        Assignment assignment = new Assignment(usage, thumbprint, now, previous);
        assignments.put(tx, assignment);
        history.append(tx, usage, thumbprint, now, cause);
        return assignment;
    }

    /** The usage's assignment as it stands now, if it has one. */
    public java.util.Optional<Assignment> current(Transaction tx, Usage usage) {
        return java.util.Optional.ofNullable(current(tx, usage, clock.instant()));
    }

    /**
     * Renewal of a usage that rolls over ({@link Rollover#rolls}): stages {@code renewed} as its next
     * certificate at {@link Rollover#defaultEffectiveDate}, after the checks of a roll; empty when the usage
     * has no current certificate or no effective date fits (the caller assigns it at once instead).
     */
    public java.util.Optional<Assignment> stageRenewed(Transaction tx, Usage usage, Thumbprint renewed, Instant now) {
        Assignment current = current(tx, usage, now);
        if (current == null || current.thumbprint().equals(renewed)) {
            return java.util.Optional.empty();
        }
        X509Certificate currentCertificate = held.get(tx, current.thumbprint()).certificate();
        return Rollover.defaultEffectiveDate(now, currentCertificate)
                .map(effective -> stage(tx, renewed, usage, effective, now, chains(tx, now)));
    }

    /**
     * Undoes a renewal's takeover of {@code usage}: a staged {@code renewed} is dropped (the current
     * certificate stays), an assigned one gives the usage back to {@code replaced}.
     */
    public void revertRenewal(Transaction tx, Usage usage, Thumbprint replaced, Thumbprint renewed, Instant now) {
        Assignment stored = assignments.find(tx, usage).orElse(null);
        if (stored != null
                && renewed.equals(stored.next())
                && !stored.at(now).thumbprint().equals(renewed)) {
            assignments.put(tx, new Assignment(usage, stored.thumbprint(), stored.assignedAt(), stored.previous()));
            audit.append(tx, now, actor, "unassign.next", List.of(renewed.hex()), "usage=" + usage.name());
            return;
        }
        move(tx, usage, replaced, now, AssignmentChange.RENEW_REVERTED);
    }

    /** Every stored assignment, by usage. */
    public List<Assignment> all(Transaction tx) {
        return assignments.all(tx);
    }

    /** The usage's changes, newest first, at most {@code limit}. */
    public List<AssignmentChange> history(Usage usage, int limit) {
        return store.read(tx -> history.of(tx, usage, limit));
    }

    /**
     * {@code assign --roll --effective-date}: stages {@code thumbprint} as the next certificate of each
     * usage (OAuthTokenIssuer only), which becomes current at {@code effective}; until then the current
     * one signs and both are published.
     */
    public List<Assignment> stage(Thumbprint thumbprint, List<Usage> usages, Instant effective) {
        if (usages.isEmpty()) {
            throw CertwizException.badUsage("name at least one usage: " + Usage.names());
        }
        for (Usage usage : usages) {
            if (!Rollover.rolls(usage)) {
                throw CertwizException.badUsage("--roll stages a certificate for OAuthTokenIssuer only; " + usage.name()
                        + " switches at once: assign without --roll");
            }
        }
        return store.write(tx -> {
            Instant now = clock.instant();
            List<Assignment> done = new ArrayList<>();
            for (Usage usage : usages) {
                done.add(stage(tx, thumbprint, usage, effective, now, chains(tx, now)));
            }
            return done;
        });
    }

    /** Stages the OAuthTokenIssuer's next certificate: what automatic renewal calls instead of assigning. */
    public Assignment stage(Thumbprint thumbprint, Instant effective) {
        return stage(thumbprint, List.of(Usage.OAuthTokenIssuer), effective).getFirst();
    }

    /** The same inside a caller's transaction (a renewal that stores the new certificate and stages it). */
    public Assignment stage(
            Transaction tx,
            Thumbprint thumbprint,
            Usage usage,
            Instant effectiveDate,
            Instant now,
            Function<X509Certificate, ChainReport> chains) {
        // The store keeps milliseconds: decide on what every server will read back.
        Instant effective = effectiveDate.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        check(tx, thumbprint, List.of(usage), chains);
        Assignment current = current(tx, usage, now);
        if (current == null) {
            throw CertwizException.refused(usage.name() + " has no current certificate to roll over from;" + " assign "
                    + thumbprint + " without --roll");
        }
        if (current.thumbprint().equals(thumbprint)) {
            throw CertwizException.refused(
                    "certificate " + thumbprint + " is already the current " + usage.name() + " certificate");
        }
        X509Certificate currentCertificate = held.get(tx, current.thumbprint()).certificate();
        X509Certificate nextCertificate = held.get(tx, thumbprint).certificate();
        List<Problem> problems =
                Rollover.problems(currentCertificate, current.thumbprint().hex(), nextCertificate, effective, now);
        if (!problems.isEmpty()) {
            throw CertwizException.refused(
                    "certificate " + thumbprint + " cannot be staged for " + usage.name() + " at " + effective + ": "
                            + problems.getFirst().message(),
                    problems);
        }
        Assignment staged = new Assignment(
                usage, current.thumbprint(), current.assignedAt(), current.previous(), thumbprint, effective);
        assignments.put(tx, staged);
        audit.append(
                tx,
                now,
                actor,
                "assign.roll",
                List.of(thumbprint.hex(), current.thumbprint().hex()),
                "usage=" + usage.name() + " effective=" + effective);
        return staged;
    }

    /** The problems that keep a stored certificate from serving {@code usages}, without assigning it. */
    public List<Problem> problems(
            Transaction tx, Thumbprint thumbprint, List<Usage> usages, Function<X509Certificate, ChainReport> chains) {
        return checks.check(tx, held.get(tx, thumbprint), usages, chains);
    }

    /** Removes the assignments of all named usages or, when one has none, of none (a staged one goes too). */
    public List<Assignment> unassign(List<Usage> usages) {
        return store.write(tx -> {
            Instant now = clock.instant();
            List<Assignment> removed = new ArrayList<>();
            for (Usage usage : usages) {
                Assignment current = current(tx, usage, now);
                if (current == null) {
                    throw CertwizException.notFound("no certificate is assigned to " + usage.name());
                }
                assignments.delete(tx, usage);
                history.append(tx, usage, null, now, AssignmentChange.UNASSIGN);
                audit.append(
                        tx, now, actor, "unassign", List.of(current.thumbprint().hex()), "usage=" + usage.name());
                removed.add(current);
            }
            return removed;
        });
    }

    /**
     * {@code unassign --previous}: forgets each usage's previous certificate (for OAuthTokenIssuer, its
     * tokens stop verifying); the rows returned name the usage and the certificate forgotten.
     */
    public List<Assignment> unassignPrevious(List<Usage> usages) {
        return forget(
                usages,
                "previous",
                a -> a.previous(),
                a -> new Assignment(a.usage(), a.thumbprint(), a.assignedAt(), null, a.next(), a.nextEffectiveAt()));
    }

    /** {@code unassign --next}: cancels each usage's staged roll-over. */
    public List<Assignment> unassignNext(List<Usage> usages) {
        return forget(
                usages,
                "next",
                a -> a.next(),
                a -> new Assignment(a.usage(), a.thumbprint(), a.assignedAt(), a.previous()));
    }

    private List<Assignment> forget(
            List<Usage> usages,
            String which,
            Function<Assignment, Thumbprint> part,
            Function<Assignment, Assignment> without) {
        return store.write(tx -> {
            Instant now = clock.instant();
            List<Assignment> removed = new ArrayList<>();
            for (Usage usage : usages) {
                Assignment current = current(tx, usage, now);
                Thumbprint forgotten = current == null ? null : part.apply(current);
                if (forgotten == null) {
                    throw CertwizException.notFound(usage.name() + " has no " + which + " certificate");
                }
                assignments.put(tx, without.apply(current));
                audit.append(tx, now, actor, "unassign." + which, List.of(forgotten.hex()), "usage=" + usage.name());
                removed.add(new Assignment(usage, forgotten, now, null));
            }
            return removed;
        });
    }

    /**
     * Rewrites each row whose staged certificate became current (a pool's servers agree on the result, so
     * whichever does it first, the rest find nothing to do) and audits each roll; the rolls done.
     */
    public List<Assignment> completeDueRolls() {
        return store.write(tx -> {
            Instant now = clock.instant();
            List<Assignment> rolled = new ArrayList<>();
            for (Assignment stored : assignments.all(tx)) {
                Assignment resolved = stored.at(now);
                if (resolved != stored) {
                    assignments.put(tx, resolved);
                    history.append(tx, resolved.usage(), resolved.thumbprint(), now, AssignmentChange.ROLL);
                    audit.append(
                            tx,
                            now,
                            "certwiz",
                            "roll",
                            List.of(resolved.thumbprint().hex()),
                            "usage=" + resolved.usage().name() + " effective=" + resolved.assignedAt());
                    rolled.add(resolved);
                }
            }
            return rolled;
        });
    }

    /**
     * The wizard's main page: every usage with its certificate and state ({@link UsageStatuses#usages}).
     */
    public List<UsageStatus> usages() {
        return statuses.usages();
    }

    /** The assigned certificates that are revoked, checked now, fetching ({@link UsageStatuses}). */
    public List<UsageStatuses.RevokedAssignment> revokedAssignments() {
        return statuses.revokedAssignments(true);
    }

    /** The same; with {@code fetch} false only what is known here (what alerts read every minute). */
    public List<UsageStatuses.RevokedAssignment> revokedAssignments(boolean fetch) {
        return statuses.revokedAssignments(fetch);
    }

    /** A usage's assignment as it stands at {@code now}, or null. */
    public Assignment current(Transaction tx, Usage usage, Instant now) {
        return assignments.find(tx, usage).map(a -> a.at(now)).orElse(null);
    }

    /**
     * The checks {@link #assign} runs, inside the caller's transaction: a refusal throws, naming every
     * failed check. {@code chains} gives the certificate's chain report, as for {@link #assign}.
     */
    public void check(
            Transaction tx, Thumbprint thumbprint, List<Usage> usages, Function<X509Certificate, ChainReport> chains) {
        check(tx, thumbprint, usages, chains, null);
    }

    private void check(
            Transaction tx,
            Thumbprint thumbprint,
            List<Usage> usages,
            Function<X509Certificate, ChainReport> chains,
            Problem revoked) {
        StoredCertificate stored = held.get(tx, thumbprint);
        List<Problem> problems = new ArrayList<>(checks.check(tx, stored, usages, chains));
        if (revoked != null) {
            problems.add(revoked);
        }
        if (!problems.isEmpty()) {
            throw CertwizException.refused(
                    "certificate " + thumbprint + " cannot be assigned to " + names(usages) + ": " + problems.size()
                            + (problems.size() == 1 ? " check failed" : " checks failed"),
                    problems);
        }
    }

    private Function<X509Certificate, ChainReport> chains(Transaction tx, Instant now) {
        return certificate -> held.trust(tx).analyzer().analyze(certificate, now);
    }

    private static String names(List<Usage> usages) {
        return usages.stream().map(Usage::name).collect(Collectors.joining(","));
    }
}
