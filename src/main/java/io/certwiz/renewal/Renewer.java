package io.certwiz.renewal;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.request.PendingRequest;
import io.certwiz.request.RequestService;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One renewal attempt of one certificate: take the lease (a pool's servers renew each certificate once)
 * and look again, have its CA issue a successor (or, for an outside CA, make the offline request), let
 * the successor take over every usage in one transaction after the checks of {@code assign}, verify what
 * is served, and revert every usage when that fails. Every attempt leaves an audit entry and a state.
 */
final class Renewer {
    /** How long a lease keeps the other servers of a pool off a certificate: longer than any attempt. */
    static final Duration LEASE = Duration.ofMinutes(15);

    private final RenewalContext c;
    private final Function<Usage, Takeover> takeovers;
    private final ServedCheck served;

    Renewer(RenewalContext context, Function<Usage, Takeover> takeovers, ServedCheck served) {
        this.c = context;
        this.takeovers = takeovers;
        this.served = served;
    }

    RenewalOutcome attempt(Thumbprint thumbprint, boolean force, boolean dryRun) {
        Instant now = c.clock().instant();
        Candidate candidate = c.store().read(tx -> Candidate.read(c, tx, thumbprint));
        if (candidate.replacedBy() != null) {
            return outcome(
                    candidate,
                    RenewalOutcome.Result.NOT_DUE,
                    null,
                    null,
                    null,
                    "already renewed: " + candidate.replacedBy() + " replaces it");
        }
        if (candidate.outOfService()) {
            if (!dryRun && candidate.tracked()) {
                c.store().write(tx -> {
                    c.renewals().delete(tx, thumbprint);
                    c.audit().append(tx, now, c.actor(), "renew.dropped", List.of(thumbprint.hex()), "serves no usage");
                    return null;
                });
            }
            return outcome(
                    candidate,
                    RenewalOutcome.Result.DROPPED,
                    null,
                    null,
                    null,
                    "serves no usage any more: not renewed, no longer tracked");
        }
        if (!force && !candidate.dueAt(now)) {
            if (!dryRun && !candidate.tracked()) {
                track(candidate);
            }
            return outcome(candidate, RenewalOutcome.Result.NOT_DUE, null, null, null, notDue(candidate));
        }
        RenewalRequest request = c.store().read(tx -> request(tx, candidate));
        if (dryRun) {
            return outcome(
                    candidate,
                    RenewalOutcome.Result.WOULD_RENEW,
                    null,
                    request,
                    null,
                    candidate.origin().online()
                            ? "would renew from the CA " + candidate.origin().ca() + usagesText(candidate.usages())
                            : "would make an offline request for the outside CA "
                                    + candidate.origin().ca());
        }
        Lease lease = lease(candidate, now);
        if (lease == Lease.GONE) {
            return outcome(
                    candidate, RenewalOutcome.Result.NOT_DUE, null, null, null, "renewed meanwhile by another server");
        }
        if (lease == Lease.HELD_ELSEWHERE) {
            RenewalState state =
                    c.store().read(tx -> c.renewals().state(tx, thumbprint)).orElse(candidate.state());
            return outcome(
                    candidate,
                    RenewalOutcome.Result.LEASED_ELSEWHERE,
                    null,
                    request,
                    null,
                    "another server (" + state.leaseOwner() + ") is renewing it, until " + state.leaseUntil());
        }
        // Looked at again with the lease held: another server may have finished (or failed) it meanwhile.
        Candidate again = c.store().read(tx -> Candidate.read(c, tx, thumbprint));
        if (again.replacedBy() != null || (!force && !again.dueAt(c.clock().instant()))) {
            release(thumbprint);
            return outcome(
                    again,
                    RenewalOutcome.Result.NOT_DUE,
                    null,
                    null,
                    null,
                    again.replacedBy() != null
                            ? "renewed meanwhile: " + again.replacedBy() + " replaces it"
                            : notDue(again));
        }
        try {
            return again.origin().online() ? online(again, request) : offline(again, request);
        } catch (RuntimeException e) {
            return failed(again, request, message(e));
        }
    }

    private RenewalRequest request(Transaction tx, Candidate candidate) {
        return RenewalRequest.of(
                c.identities()
                        .identity(tx)
                        .orElseThrow(
                                () -> CertwizException.notFound("this store has no server identity; run certwiz init")),
                candidate.stored(),
                candidate.usages(),
                candidate.exportable(),
                keyStore(tx, candidate),
                candidate.origin());
    }

    /** Where the renewed key is made: where the old one lives (software, or the same token). */
    private String keyStore(Transaction tx, Candidate candidate) {
        Long keyId = candidate.stored().keyId();
        return keyId == null
                ? null
                : c.keys().find(tx, keyId).map(c.requests()::keyStoreOf).orElse(null);
    }

    private void track(Candidate candidate) {
        c.store().write(tx -> {
            if (c.renewals().state(tx, candidate.thumbprint()).isEmpty()) {
                c.renewals().put(tx, candidate.state());
            }
            return null;
        });
    }

    private enum Lease {
        TAKEN,
        HELD_ELSEWHERE,
        /** Tracked when read, no longer now: another server renewed it (its state moved on). */
        GONE
    }

    /** Takes the lease; a certificate not tracked yet is tracked first, one no longer tracked is left alone. */
    private Lease lease(Candidate candidate, Instant now) {
        return c.store().write(tx -> {
            if (c.renewals().state(tx, candidate.thumbprint()).isEmpty()) {
                if (candidate.tracked()
                        || c.renewals().replacedBy(tx, candidate.thumbprint()).isPresent()) {
                    return Lease.GONE;
                }
                c.renewals().put(tx, candidate.state());
            }
            return c.renewals().lease(tx, candidate.thumbprint(), c.owner(), now, now.plus(LEASE))
                    ? Lease.TAKEN
                    : Lease.HELD_ELSEWHERE;
        });
    }

    private void release(Thumbprint thumbprint) {
        c.store().write(tx -> {
            c.renewals().release(tx, thumbprint, c.owner());
            return null;
        });
    }

    // --- from a CA certwiz reaches

    private RenewalOutcome online(Candidate old, RenewalRequest request) {
        RequestService.Issuance issuance = c.requests().issue(request.spec(), request.plan());
        Instant now = c.clock().instant();
        Map<Usage, Takeover.Result> taken;
        try {
            taken = c.store().write(tx -> takeOver(tx, old, issuance, request, now));
        } catch (CertwizException e) {
            if (e.failure() != Failure.REFUSED) {
                c.requests().discard(issuance.key());
                throw e;
            }
            // The successor fails a check: kept (unassigned, without the name) to look at; the current
            // certificate keeps serving.
            Thumbprint kept;
            try {
                kept = c.store().write(tx -> c.requests().store(tx, issuance, request.spec(), null, now));
            } catch (RuntimeException notKept) {
                c.requests().discard(issuance.key());
                throw notKept;
            }
            return failed(
                    old, request, "the renewed certificate " + kept + " fails the checks of assign: " + problems(e));
        } catch (RuntimeException e) {
            c.requests().discard(issuance.key());
            throw e;
        }
        Thumbprint renewed = Thumbprint.of(issuance.leaf());
        List<Usage> swapped = taken.entrySet().stream()
                .filter(entry -> entry.getValue() == Takeover.Result.SWAPPED)
                .map(Map.Entry::getKey)
                .toList();
        List<String> problems = swapped.isEmpty() ? List.of() : served.problems(swapped, renewed);
        if (!problems.isEmpty()) {
            return revert(old, renewed, taken, request, String.join("; ", problems));
        }
        return outcome(
                old,
                RenewalOutcome.Result.RENEWED,
                renewed,
                request,
                null,
                "renewed by the CA " + issuance.caName() + ": " + renewed + " took over" + usagesText(old.usages())
                        + (taken.containsValue(Takeover.Result.STAGED)
                                ? " (staged for "
                                        + usageNames(taken.entrySet().stream()
                                                .filter(e -> e.getValue() == Takeover.Result.STAGED)
                                                .map(Map.Entry::getKey)
                                                .toList())
                                        + ")"
                                : ""));
    }

    /** Stores the successor and hands it every usage, in the caller's transaction. */
    private Map<Usage, Takeover.Result> takeOver(
            Transaction tx, Candidate old, RequestService.Issuance issuance, RenewalRequest request, Instant now) {
        // The friendly name moves to the successor (it goes back on a revert).
        String name = old.stored().friendlyName();
        if (name != null) {
            c.held().records().rename(tx, old.thumbprint(), null);
        }
        Thumbprint renewed = c.requests().store(tx, issuance, request.spec(), name, now);
        Map<Usage, Takeover.Result> taken = new EnumMap<>(Usage.class);
        if (!old.usages().isEmpty()) {
            c.assignments()
                    .check(
                            tx,
                            renewed,
                            old.usages(),
                            certificate -> c.held().trust(tx).analyzer().analyze(certificate, now));
            for (Usage usage : old.usages()) {
                taken.put(usage, takeovers.apply(usage).takeOver(tx, usage, old.thumbprint(), renewed, now));
            }
        }
        c.renewals().recordRenewal(tx, renewed, old.thumbprint(), now);
        c.renewals().delete(tx, old.thumbprint());
        X509Certificate leaf = issuance.leaf();
        c.renewals()
                .put(
                        tx,
                        RenewalState.planned(
                                renewed,
                                c.planner()
                                        .due(tx, leaf, old.usages(), c.origins().of(tx, leaf))));
        c.audit()
                .append(
                        tx,
                        now,
                        c.actor(),
                        "renew",
                        List.of(old.thumbprint().hex(), renewed.hex()),
                        "ca=" + issuance.caName() + " usages=" + usageNames(old.usages()) + names(request));
        return taken;
    }

    /** Every usage back to the certificate it had; the failure recorded on it, retried with backoff. */
    private RenewalOutcome revert(
            Candidate old, Thumbprint renewed, Map<Usage, Takeover.Result> taken, RenewalRequest request, String why) {
        Instant now = c.clock().instant();
        String error = "reverted " + renewed + ": " + why;
        RenewalState state = c.store().write(tx -> {
            for (Map.Entry<Usage, Takeover.Result> entry : taken.entrySet()) {
                takeovers.apply(entry.getKey()).revert(tx, entry.getKey(), old.thumbprint(), renewed, now);
            }
            String name = old.stored().friendlyName();
            if (name != null) {
                c.held().records().rename(tx, renewed, null);
                c.held().records().rename(tx, old.thumbprint(), name);
            }
            c.renewals().forgetRenewal(tx, renewed);
            c.renewals().delete(tx, renewed);
            RenewalState failed = failedState(current(tx, old), old, now, error);
            c.renewals().put(tx, failed);
            c.audit()
                    .append(
                            tx,
                            now,
                            c.actor(),
                            "renew.reverted",
                            List.of(old.thumbprint().hex(), renewed.hex()),
                            "usages=" + usageNames(old.usages()) + " error=" + why);
            return failed;
        });
        served.refresh();
        return outcome(
                old,
                RenewalOutcome.Result.REVERTED,
                renewed,
                request,
                null,
                "the renewed certificate " + renewed + " was reverted (" + why + "); " + old.thumbprint() + " serves"
                        + usagesText(old.usages()) + " again; next attempt at " + state.nextAttemptAt());
    }

    // --- from an outside CA

    private RenewalOutcome offline(Candidate old, RenewalRequest request) {
        Instant now = c.clock().instant();
        Long waiting = old.state().pendingRequest();
        PendingRequest existing = waiting == null
                ? null
                : c.store().read(tx -> c.pending().find(tx, waiting)).orElse(null);
        RequestService.Prepared prepared =
                existing == null ? c.requests().prepare(request.spec(), request.plan()) : null;
        long[] id = new long[1];
        RenewalState state = c.store().write(tx -> {
            id[0] = existing != null
                    ? existing.id()
                    : c.requests().keep(tx, prepared, request.spec(), now, old.thumbprint());
            String error = offlineMessage(old, id[0]);
            RenewalState current = current(tx, old);
            RenewalState next = current.waitingFor(
                    id[0],
                    now,
                    error,
                    c.planner().retry(current.failures() + 1, now, old.stored().certificate()));
            c.renewals().put(tx, next);
            c.audit()
                    .append(
                            tx,
                            now,
                            c.actor(),
                            "renew.offline",
                            List.of(old.thumbprint().hex()),
                            "request=" + id[0] + (existing == null ? " made" : " still waiting") + " issuer="
                                    + old.origin().ca());
            return next;
        });
        return new RenewalOutcome(
                old.thumbprint().hex(),
                RenewalOutcome.Result.OFFLINE_REQUEST,
                null,
                old.origin().ca(),
                usageList(old.usages()),
                request.namesAdded(),
                request.namesDropped(),
                state.dueAt().toString(),
                id[0],
                prepared == null ? null : prepared.pem(),
                state.lastError());
    }

    private static String offlineMessage(Candidate old, long requestId) {
        return "certificate " + old.thumbprint() + " is from the outside CA "
                + old.origin().ca()
                + ", which certwiz cannot reach: it cannot renew itself. Offline request " + requestId
                + " waits for the CA's reply: send its CSR to the CA and import the reply (certwiz import FILE)";
    }

    // --- failures

    private RenewalOutcome failed(Candidate old, RenewalRequest request, String error) {
        Instant now = c.clock().instant();
        RenewalState state = c.store().write(tx -> {
            RenewalState failed = failedState(current(tx, old), old, now, error);
            c.renewals().put(tx, failed);
            c.audit()
                    .append(
                            tx,
                            now,
                            c.actor(),
                            "renew.failed",
                            List.of(old.thumbprint().hex()),
                            "ca=" + old.origin().ca() + " attempt=" + failed.failures() + " error=" + error);
            return failed;
        });
        return outcome(
                old,
                RenewalOutcome.Result.FAILED,
                null,
                request,
                null,
                "renewal failed (attempt " + state.failures() + "); " + old.thumbprint()
                        + " keeps serving; next attempt at " + state.nextAttemptAt() + ": " + error);
    }

    /** The state as stored now (it may have changed since the candidate was read). */
    private RenewalState current(Transaction tx, Candidate old) {
        return c.renewals().state(tx, old.thumbprint()).orElse(old.state());
    }

    private RenewalState failedState(RenewalState current, Candidate old, Instant now, String error) {
        return current.failed(
                now,
                error,
                c.planner().retry(current.failures() + 1, now, old.stored().certificate()));
    }

    private static String message(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s+", " ").strip();
    }

    private static String problems(CertwizException e) {
        return e.problems().isEmpty()
                ? e.getMessage()
                : e.problems().stream().map(p -> p.message()).collect(Collectors.joining("; "));
    }

    // --- outcomes

    private static String notDue(Candidate candidate) {
        RenewalState state = candidate.state();
        return state.failing()
                ? "next attempt at " + state.nextAttemptAt() + " after " + state.failures() + " failed attempts: "
                        + state.lastError()
                : "not due until " + state.nextAttemptAt();
    }

    private static RenewalOutcome outcome(
            Candidate candidate,
            RenewalOutcome.Result result,
            Thumbprint renewed,
            RenewalRequest request,
            Long pendingRequest,
            String message) {
        return new RenewalOutcome(
                candidate.thumbprint().hex(),
                result,
                renewed == null ? null : renewed.hex(),
                candidate.origin().ca(),
                usageList(candidate.usages()),
                request == null ? null : request.namesAdded(),
                request == null ? null : request.namesDropped(),
                candidate.state().dueAt().toString(),
                pendingRequest,
                null,
                message);
    }

    private static List<String> usageList(List<Usage> usages) {
        return usages.stream().map(Usage::name).toList();
    }

    private static String usageNames(List<Usage> usages) {
        return usages.isEmpty() ? "(none)" : String.join(",", usageList(usages));
    }

    private static String usagesText(List<Usage> usages) {
        return usages.isEmpty() ? "" : " " + String.join(", ", usageList(usages));
    }

    private static String names(RenewalRequest request) {
        List<String> parts = new ArrayList<>();
        if (!request.namesAdded().isEmpty()) {
            parts.add(" names+=" + String.join(",", request.namesAdded()));
        }
        if (!request.namesDropped().isEmpty()) {
            parts.add(" names-=" + String.join(",", request.namesDropped()));
        }
        return String.join("", parts);
    }
}
