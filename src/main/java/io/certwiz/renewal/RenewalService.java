package io.certwiz.renewal;

import io.certwiz.CertwizException;
import io.certwiz.assignment.AssignmentChange;
import io.certwiz.certificate.CertificateView;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.store.Transaction;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.AssignmentView;
import io.certwiz.usage.RenewalView;
import io.certwiz.usage.Usage;
import io.certwiz.usage.UsageStatus;
import io.certwiz.x509.Thumbprint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Automatic renewal: which certificates are tracked (every assigned one, and any a {@code renew
 * THUMBPRINT} named), when each is due, the renewals themselves ({@link Renewer}) for {@code certwiz
 * renew}, the API and the scheduler of {@code certwiz serve}, the per-usage {@code --renew-before}, and
 * rollback of a usage to its previous certificate. Failure states stay queryable ({@link #failing}).
 */
public final class RenewalService {
    /** How many due certificates one scheduler pass takes at most; the rest come at the next pass. */
    public static final int PASS_LIMIT = 100;

    private final RenewalContext c;
    private final Function<Usage, Takeover> takeovers;
    private final ServedCheck served;

    public RenewalService(RenewalContext context, Function<Usage, Takeover> takeovers, ServedCheck served) {
        this.c = context;
        this.takeovers = takeovers;
        this.served = served;
    }

    /** The same service verifying what is served with {@code check} (the running server's listeners). */
    public RenewalService verifiedBy(ServedCheck check) {
        return new RenewalService(c, takeovers, check);
    }

    /** The same service with {@code takeover} for {@code usage} (such as a token issuer that stages first). */
    public RenewalService withTakeover(Usage usage, Takeover takeover) {
        Function<Usage, Takeover> before = takeovers;
        return new RenewalService(c, u -> u == usage ? takeover : before.apply(u), served);
    }

    /** The takeover of every usage unless one says otherwise: the assignment swaps at once. */
    public static Takeover swap(io.certwiz.assignment.AssignmentService assignments) {
        return new Takeover() {
            @Override
            public Result takeOver(Transaction tx, Usage usage, Thumbprint replaced, Thumbprint renewed, Instant now) {
                assignments.move(tx, usage, renewed, now, AssignmentChange.RENEW);
                return Result.SWAPPED;
            }

            @Override
            public void revert(Transaction tx, Usage usage, Thumbprint replaced, Thumbprint renewed, Instant now) {
                assignments.move(tx, usage, replaced, now, AssignmentChange.RENEW_REVERTED);
            }
        };
    }

    /**
     * The takeover of a usage that rolls over (OAuthTokenIssuer): the renewed certificate is staged with
     * an effective date a day ahead, so that relying parties fetch its key before it signs; when no date
     * fits before the old one expires, it is assigned at once.
     */
    public static Takeover stage(io.certwiz.assignment.AssignmentService assignments) {
        return new Takeover() {
            @Override
            public Result takeOver(Transaction tx, Usage usage, Thumbprint replaced, Thumbprint renewed, Instant now) {
                if (assignments.stageRenewed(tx, usage, renewed, now).isPresent()) {
                    return Result.STAGED;
                }
                assignments.move(tx, usage, renewed, now, AssignmentChange.RENEW);
                return Result.SWAPPED;
            }

            @Override
            public void revert(Transaction tx, Usage usage, Thumbprint replaced, Thumbprint renewed, Instant now) {
                assignments.revertRenewal(tx, usage, replaced, renewed, now);
            }
        };
    }

    /** {@code --force}: renew even when not due; {@code --dry-run}: say what would happen, change nothing. */
    public record Options(boolean force, boolean dryRun) {
        public static Options due() {
            return new Options(false, false);
        }
    }

    private Renewer renewer() {
        return new Renewer(c, takeovers, served);
    }

    /** {@code renew THUMBPRINT}: renews it when due (or forced); tracks it from now on. */
    public RenewalOutcome renew(String thumbprint, Options options) {
        return renewer().attempt(Thumbprint.parse(thumbprint), options.force(), options.dryRun());
    }

    /** {@code renew --usage U}: the certificate assigned to the usage. */
    public RenewalOutcome renew(Usage usage, Options options) {
        Thumbprint thumbprint = c.store()
                .read(tx -> c.assignments().current(tx, usage))
                .map(Assignment::thumbprint)
                .orElseThrow(() -> CertwizException.notFound("no certificate is assigned to " + usage.name()));
        return renewer().attempt(thumbprint, options.force(), options.dryRun());
    }

    /** {@code renew --all}: every tracked certificate, each when due (or forced); the not-due ones say when. */
    public List<RenewalOutcome> renewAll(Options options) {
        if (!options.dryRun()) {
            track();
        }
        List<Thumbprint> tracked = new ArrayList<>();
        c.store().read(tx -> {
            for (Assignment assignment : c.assignments().all(tx)) {
                if (!tracked.contains(assignment.thumbprint())) {
                    tracked.add(assignment.thumbprint());
                }
            }
            for (RenewalState state : c.renewals().all(tx)) {
                if (!tracked.contains(state.thumbprint())) {
                    tracked.add(state.thumbprint());
                }
            }
            return null;
        });
        List<RenewalOutcome> outcomes = new ArrayList<>();
        Renewer renewer = renewer();
        for (Thumbprint thumbprint : tracked) {
            outcomes.add(attemptOrGone(renewer, thumbprint, options));
        }
        return outcomes;
    }

    /**
     * The scheduler's pass: tracks the assigned certificates not tracked yet, then renews those due now,
     * soonest first, at most {@code limit}, skipping those another server holds the lease on.
     */
    public List<RenewalOutcome> pass(int limit) {
        track();
        Instant now = c.clock().instant();
        List<RenewalState> due = c.store().read(tx -> c.renewals().dueBy(tx, now, limit));
        List<RenewalOutcome> outcomes = new ArrayList<>();
        Renewer renewer = renewer();
        java.util.Set<Thumbprint> tried = new java.util.HashSet<>();
        for (RenewalState state : due) {
            if (state.leasedAt(now) && !c.owner().equals(state.leaseOwner())) {
                continue;
            }
            tried.add(state.thumbprint());
            outcomes.add(attemptOrGone(renewer, state.thumbprint(), Options.due()));
        }
        // An assigned certificate found revoked is replaced now, due or not (retried with the usual backoff).
        for (io.certwiz.assignment.UsageStatuses.RevokedAssignment revoked :
                c.assignments().revokedAssignments()) {
            Thumbprint thumbprint = Thumbprint.parse(revoked.thumbprint());
            RenewalState state =
                    c.store().read(tx -> c.renewals().state(tx, thumbprint)).orElse(null);
            boolean waiting =
                    state != null && state.failing() && state.nextAttemptAt().isAfter(now);
            boolean leased = state != null && state.leasedAt(now) && !c.owner().equals(state.leaseOwner());
            if (!tried.add(thumbprint) || waiting || leased) {
                continue;
            }
            outcomes.add(attemptOrGone(renewer, thumbprint, new Options(true, false)));
        }
        return outcomes;
    }

    /** One attempt; a certificate removed meanwhile is no longer tracked. */
    private RenewalOutcome attemptOrGone(Renewer renewer, Thumbprint thumbprint, Options options) {
        try {
            return renewer.attempt(thumbprint, options.force(), options.dryRun());
        } catch (CertwizException e) {
            if (e.failure() != io.certwiz.Failure.NOT_FOUND
                    || c.store()
                            .read(tx -> c.held().records().find(tx, thumbprint))
                            .isPresent()) {
                throw e;
            }
            if (!options.dryRun()) {
                c.store().write(tx -> {
                    c.renewals().delete(tx, thumbprint);
                    return null;
                });
            }
            return new RenewalOutcome(
                    thumbprint.hex(),
                    RenewalOutcome.Result.DROPPED,
                    null,
                    null,
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    "the certificate is no longer held: no longer tracked");
        }
    }

    /** Plans every assigned certificate that is not tracked yet (and was not renewed already); how many. */
    public int track() {
        List<Thumbprint> missing = c.store().read(tx -> untracked(tx));
        if (missing.isEmpty()) {
            return 0;
        }
        return c.store().write(tx -> {
            int added = 0;
            for (Thumbprint thumbprint : untracked(tx)) {
                StoredCertificate stored =
                        c.held().records().find(tx, thumbprint).orElse(null);
                if (stored == null || stored.store() != TrustStore.personal || stored.keyId() == null) {
                    continue;
                }
                List<Usage> usages = usagesOf(tx, thumbprint);
                Origin origin = c.origins().of(tx, stored.certificate());
                c.renewals()
                        .put(
                                tx,
                                RenewalState.planned(
                                        thumbprint, c.planner().due(tx, stored.certificate(), usages, origin)));
                added++;
            }
            return added;
        });
    }

    private List<Thumbprint> untracked(Transaction tx) {
        List<Thumbprint> out = new ArrayList<>();
        for (Assignment assignment : c.assignments().all(tx)) {
            Thumbprint thumbprint = assignment.thumbprint();
            if (!out.contains(thumbprint)
                    && c.renewals().state(tx, thumbprint).isEmpty()
                    && c.renewals().replacedBy(tx, thumbprint).isEmpty()) {
                out.add(thumbprint);
            }
        }
        return out;
    }

    private List<Usage> usagesOf(Transaction tx, Thumbprint thumbprint) {
        return c.assignments().all(tx).stream()
                .filter(a -> a.thumbprint().equals(thumbprint))
                .map(Assignment::usage)
                .toList();
    }

    // --- what the faces show

    /** A certificate's {@code renewal} object, when it is tracked. */
    public Optional<RenewalView> view(Transaction tx, Thumbprint thumbprint) {
        Instant now = c.clock().instant();
        return c.renewals().state(tx, thumbprint).map(state -> {
            StoredCertificate stored = c.held().records().find(tx, thumbprint).orElse(null);
            Urgency urgency = stored == null
                    ? Urgency.NONE
                    : Urgency.of(
                            stored.certificate().getNotBefore().toInstant(),
                            stored.certificate().getNotAfter().toInstant(),
                            now);
            return view(state, urgency);
        });
    }

    /** The view with its lineage and renewal state. */
    public CertificateView annotate(CertificateView view) {
        Thumbprint thumbprint = new Thumbprint(view.thumbprint());
        return c.store()
                .read(tx -> view.withRenewal(
                        c.renewals()
                                .replaces(tx, thumbprint)
                                .map(Thumbprint::hex)
                                .orElse(null),
                        c.renewals()
                                .replacedBy(tx, thumbprint)
                                .map(Thumbprint::hex)
                                .orElse(null),
                        view(tx, thumbprint).orElse(null)));
    }

    /** Each view with its lineage and renewal state. */
    public List<CertificateView> annotate(List<CertificateView> views) {
        return views.stream().map(this::annotate).toList();
    }

    /** The usage's renew-before override ({@code usage set U --renew-before}), as it reads back. */
    public java.util.Optional<String> renewBefore(Usage usage) {
        return c.store().read(tx -> c.planner().override(tx, usage).map(RenewBefore::text));
    }

    /** The main page's rows with each certificate's renewal state and each usage's override. */
    public List<UsageStatus> annotateUsages(List<UsageStatus> rows) {
        return c.store()
                .read(tx -> rows.stream()
                        .map(row -> row.withRenewal(
                                c.planner()
                                        .override(tx, Usage.valueOf(row.usage()))
                                        .map(RenewBefore::text)
                                        .orElse(null),
                                row.thumbprint() == null
                                        ? null
                                        : view(tx, new Thumbprint(row.thumbprint()))
                                                .orElse(null)))
                        .toList());
    }

    /** The tracked certificates whose last attempt failed or wait for an offline request, soonest expiry first. */
    public List<RenewalState> failing() {
        return c.store()
                .read(tx -> c.renewals().all(tx).stream()
                        .filter(RenewalState::failing)
                        .sorted(java.util.Comparator.comparing(RenewalState::nextAttemptAt))
                        .toList());
    }

    /** A tracked certificate with its {@code renewal} object (the alerts' and the API's view of failures). */
    public record Tracked(String thumbprint, RenewalView renewal) {}

    /** {@link #failing} with each certificate's renewal object, urgency included. */
    public List<Tracked> failingViews() {
        List<RenewalState> failing = failing();
        return c.store()
                .read(tx -> failing.stream()
                        .map(state -> new Tracked(
                                state.thumbprint().hex(),
                                view(tx, state.thumbprint()).orElse(null)))
                        .filter(t -> t.renewal() != null)
                        .toList());
    }

    // --- administration

    /** What {@code usage set U --renew-before} did: the override and the due time of the usage's certificate. */
    public record RenewBeforeView(String usage, String renewBefore, String thumbprint, String dueAt) {}

    /** Sets (or with {@code default}, clears) the usage's override and re-plans the certificate assigned to it. */
    public RenewBeforeView setRenewBefore(Usage usage, String text) {
        RenewBefore before = text != null && text.strip().equalsIgnoreCase("default") ? null : RenewBefore.parse(text);
        Instant now = c.clock().instant();
        return c.store().write(tx -> {
            c.planner().setOverride(tx, usage, before);
            c.audit()
                    .append(
                            tx,
                            now,
                            c.actor(),
                            "usage.set",
                            List.of(),
                            "usage=" + usage.name() + " renew-before=" + (before == null ? "default" : before.text()));
            Assignment assignment = c.assignments().current(tx, usage).orElse(null);
            if (assignment == null) {
                return new RenewBeforeView(usage.name(), before == null ? null : before.text(), null, null);
            }
            StoredCertificate stored = c.held().get(tx, assignment.thumbprint());
            Instant due = c.planner()
                    .due(
                            tx,
                            stored.certificate(),
                            usagesOf(tx, stored.thumbprint()),
                            c.origins().of(tx, stored.certificate()));
            RenewalState state = c.renewals()
                    .state(tx, stored.thumbprint())
                    .map(s -> s.replanned(due))
                    .orElse(RenewalState.planned(stored.thumbprint(), due));
            if (c.renewals().replacedBy(tx, stored.thumbprint()).isEmpty()) {
                c.renewals().put(tx, state);
            }
            return new RenewBeforeView(
                    usage.name(),
                    before == null ? null : before.text(),
                    stored.thumbprint().hex(),
                    due.toString());
        });
    }

    /**
     * {@code rollback --usage U}: the usage goes back to its previous certificate when that still passes the
     * checks of assign. A renewal undone this way is forgotten once its certificate serves no usage, and the
     * certificate returned to is not renewed again before a pause (the backoff of a failure).
     */
    public AssignmentView rollback(Usage usage) {
        AssignmentView view = c.store().write(tx -> {
            Instant now = c.clock().instant();
            Assignment current = c.assignments()
                    .current(tx, usage)
                    .orElseThrow(() -> CertwizException.notFound("no certificate is assigned to " + usage.name()));
            Thumbprint target = current.previous();
            if (target == null) {
                throw CertwizException.notFound(usage.name() + " has no previous certificate to return to");
            }
            c.assignments()
                    .check(
                            tx,
                            target,
                            List.of(usage),
                            certificate -> c.held().trust(tx).analyzer().analyze(certificate, now));
            Assignment back = c.assignments().move(tx, usage, target, now, AssignmentChange.ROLLBACK);
            Thumbprint left = current.thumbprint();
            if (usagesOf(tx, left).isEmpty()) {
                if (c.renewals().replaces(tx, left).filter(target::equals).isPresent()) {
                    c.renewals().forgetRenewal(tx, left);
                }
                c.renewals().delete(tx, left);
            }
            StoredCertificate stored = c.held().get(tx, target);
            Instant due = c.planner()
                    .due(
                            tx,
                            stored.certificate(),
                            usagesOf(tx, target),
                            c.origins().of(tx, stored.certificate()));
            Instant pause = c.planner().retry(ROLLBACK_PAUSE, now, stored.certificate());
            c.renewals()
                    .put(
                            tx,
                            new RenewalState(
                                    target,
                                    due,
                                    due.isAfter(pause) ? due : pause,
                                    1,
                                    now,
                                    "rolled back from " + left + " (" + usage.name() + "); renewal pauses until then",
                                    null,
                                    null,
                                    null));
            c.audit()
                    .append(tx, now, c.actor(), "rollback", List.of(left.hex(), target.hex()), "usage=" + usage.name());
            return AssignmentView.of(back);
        });
        served.refresh();
        return view;
    }

    /** The pause after a rollback: the wait after this many failures in a row (about two hours, capped). */
    static final int ROLLBACK_PAUSE = 8;

    private static RenewalView view(RenewalState state, Urgency urgency) {
        return new RenewalView(
                state.dueAt().toString(),
                state.nextAttemptAt().toString(),
                state.lastAttemptAt() == null ? null : state.lastAttemptAt().toString(),
                state.lastError(),
                state.failures(),
                state.pendingRequest(),
                state.leaseOwner(),
                urgency.name());
    }
}
