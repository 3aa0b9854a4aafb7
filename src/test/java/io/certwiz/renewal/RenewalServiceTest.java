package io.certwiz.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.acme.client.AcmeIssuedRecord;
import io.certwiz.assignment.AssignmentChange;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.store.Transaction;
import io.certwiz.store.jdbc.SqlAcmeClientRecords;
import io.certwiz.store.jdbc.SqlCertificateRecords;
import io.certwiz.store.jdbc.SqlKeyRecords;
import io.certwiz.store.jdbc.SqlServerIdentityRecords;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.SubjectAltName;
import io.certwiz.x509.Thumbprint;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The renewal service on the embedded CA, with a clock the tests move: schedule, takeover, failures, lineage. */
class RenewalServiceTest {
    private static final List<Usage> TWO = List.of(Usage.Default, Usage.WebServicesInternal);
    private static final Duration LIFETIME = Duration.ofMinutes(30);

    @TempDir
    Path temp;

    RenewalFixture f;

    @BeforeEach
    void setUp() {
        f = new RenewalFixture(temp);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private StoredCertificate stored(Thumbprint thumbprint) {
        return f.certwiz
                .store()
                .read((Transaction tx) ->
                        new SqlCertificateRecords().find(tx, thumbprint).orElseThrow());
    }

    private X509Certificate certificate(Thumbprint thumbprint) {
        return stored(thumbprint).certificate();
    }

    @Test
    void anAssignedCertificateIsTrackedAndRenewedWhenTwoThirdsOfItsLifetimePassed() {
        Thumbprint old = f.request(TWO, LIFETIME, true);
        X509Certificate first = certificate(old);

        assertThat(f.renewals().pass(100)).as("nothing is due yet").isEmpty();
        RenewalState planned = f.state(old);
        Instant notBefore = first.getNotBefore().toInstant();
        Duration lifetime = Duration.between(notBefore, first.getNotAfter().toInstant());
        Instant twoThirds = notBefore.plus(lifetime.multipliedBy(2).dividedBy(3));
        assertThat(planned.dueAt())
                .as("two thirds of the lifetime, moved earlier by a jitter of at most a thirtieth")
                .isBetween(twoThirds.minus(lifetime.dividedBy(30)).minusMillis(1), twoThirds.plusMillis(1));
        assertThat(planned.nextAttemptAt()).isEqualTo(planned.dueAt());

        f.clock.advance(Duration.between(f.clock.instant(), planned.dueAt()).minusSeconds(1));
        assertThat(f.renewals().pass(100)).as("a second early").isEmpty();
        f.clock.advance(Duration.ofSeconds(1));
        List<RenewalOutcome> outcomes = f.renewals().pass(100);

        assertThat(outcomes).hasSize(1);
        RenewalOutcome outcome = outcomes.getFirst();
        assertThat(outcome.result()).isEqualTo(RenewalOutcome.Result.RENEWED);
        assertThat(outcome.ca()).isEqualTo("embedded");
        assertThat(outcome.usages()).containsExactly("Default", "WebServicesInternal");
        assertThat(outcome.namesAdded()).isNull();
        assertThat(outcome.namesDropped()).isNull();
        Thumbprint renewed = new Thumbprint(outcome.renewedThumbprint());
        assertThat(f.assigned(Usage.Default)).isEqualTo(renewed);
        assertThat(f.assigned(Usage.WebServicesInternal)).isEqualTo(renewed);

        X509Certificate second = certificate(renewed);
        assertThat(second.getPublicKey()).as("a new key").isNotEqualTo(first.getPublicKey());
        assertThat(second.getPublicKey().getAlgorithm())
                .isEqualTo(first.getPublicKey().getAlgorithm());
        assertThat(SubjectAltName.of(second)).isEqualTo(SubjectAltName.of(first));
        assertThat(second.getSubjectX500Principal()).isEqualTo(first.getSubjectX500Principal());
        assertThat(Duration.between(f.clock.instant(), second.getNotAfter().toInstant()))
                .as("the same lifetime as the certificate it replaces (whole seconds in X.509)")
                .isBetween(LIFETIME.minusSeconds(1), LIFETIME);
        assertThat(stored(renewed).friendlyName()).isEqualTo("renewable");
        assertThat(stored(old).friendlyName())
                .as("the name moved to the successor (names are unique)")
                .isNull();
        boolean exportable = f.certwiz
                .store()
                .read((Transaction tx) -> new SqlKeyRecords()
                        .find(tx, stored(renewed).keyId())
                        .orElseThrow()
                        .exportable());
        assertThat(exportable).isFalse();

        // Lineage both ways; the old one is no longer tracked, the new one is planned.
        assertThat(f.certwiz.store().read((Transaction tx) -> f.records.replaces(tx, renewed)))
                .contains(old);
        assertThat(f.certwiz.store().read((Transaction tx) -> f.records.replacedBy(tx, old)))
                .contains(renewed);
        assertThat(f.tracked(old)).isFalse();
        assertThat(f.state(renewed).dueAt()).isAfter(f.clock.instant());
        assertThat(f.audit().getFirst()).isEqualTo("renew");
        assertThat(f.certwiz.assignments().history(Usage.Default, 10))
                .extracting(AssignmentChange::cause, AssignmentChange::thumbprint)
                .startsWith(
                        org.assertj.core.groups.Tuple.tuple(AssignmentChange.RENEW, renewed),
                        org.assertj.core.groups.Tuple.tuple(AssignmentChange.ASSIGN, old));

        // The certificate JSON shows the lineage and the renewal state.
        var view = f.renewals().annotate(f.certwiz.certificates().show(renewed.hex(), false));
        assertThat(view.replaces()).isEqualTo(old.hex());
        assertThat(view.renewal().dueAt()).isEqualTo(f.state(renewed).dueAt().toString());
        assertThat(view.renewal().attempts()).isZero();
        assertThat(f.renewals()
                        .annotate(f.certwiz.certificates().show(old.hex(), false))
                        .replacedBy())
                .isEqualTo(renewed.hex());
    }

    @Test
    void aFailedAttemptKeepsTheCertificateServingAndRetriesWithBackoff() {
        Thumbprint old = f.request(List.of(Usage.WebServicesInternal), LIFETIME, true);
        // It came from an ACME CA that was removed since: every attempt fails.
        f.certwiz.store().write((Transaction tx) -> {
            new SqlAcmeClientRecords()
                    .putIssued(
                            tx,
                            new AcmeIssuedRecord(
                                    old,
                                    "gone",
                                    null,
                                    "https://ca/cert/1",
                                    "https://ca/order/1",
                                    "Root",
                                    List.of(),
                                    null,
                                    null,
                                    null,
                                    null,
                                    f.clock.instant()));
            return null;
        });
        f.clock.advance(Duration.ofMinutes(20));

        RenewalOutcome first = f.renewals().pass(100).getFirst();
        assertThat(first.result()).isEqualTo(RenewalOutcome.Result.FAILED);
        assertThat(first.ca()).isEqualTo("gone");
        assertThat(first.message()).contains("keeps serving").contains("gone");
        assertThat(f.assigned(Usage.WebServicesInternal)).isEqualTo(old);
        RenewalState failed = f.state(old);
        assertThat(failed.failures()).isEqualTo(1);
        assertThat(failed.lastAttemptAt()).isEqualTo(f.clock.instant());
        assertThat(failed.lastError()).contains("gone");
        assertThat(failed.leaseOwner()).as("the lease is given back").isNull();
        assertThat(Duration.between(f.clock.instant(), failed.nextAttemptAt()))
                .as("about a minute")
                .isBetween(Duration.ofSeconds(54), Duration.ofSeconds(66));
        assertThat(f.audit().getFirst()).isEqualTo("renew.failed");
        assertThat(f.renewals().failing()).extracting(RenewalState::thumbprint).containsExactly(old);

        assertThat(f.renewals().pass(100)).as("not before the retry").isEmpty();
        f.clock.advance(Duration.between(f.clock.instant(), failed.nextAttemptAt()));
        assertThat(f.renewals().pass(100).getFirst().result()).isEqualTo(RenewalOutcome.Result.FAILED);
        RenewalState again = f.state(old);
        assertThat(again.failures()).isEqualTo(2);
        assertThat(Duration.between(f.clock.instant(), again.nextAttemptAt()))
                .as("doubled")
                .isBetween(Duration.ofSeconds(108), Duration.ofSeconds(132));

        // Near expiry the wait shrinks to a quarter of the time left instead of backing off past it.
        f.clock.advance(Duration.between(
                        f.clock.instant(), certificate(old).getNotAfter().toInstant())
                .minusMinutes(2));
        for (int i = 0; i < 5; i++) {
            f.renewals().renew(old.hex(), new RenewalService.Options(true, false));
        }
        RenewalState late = f.state(old);
        assertThat(late.failures()).isEqualTo(7);
        assertThat(late.nextAttemptAt()).isBefore(certificate(old).getNotAfter().toInstant());
        assertThat(f.renewals()
                        .annotate(f.certwiz.certificates().show(old.hex(), false))
                        .renewal()
                        .urgency())
                .isEqualTo("CRITICAL");
    }

    @Test
    void aRenewedCertificateThatIsNotServedIsRevertedOnEveryUsage() {
        Thumbprint old = f.request(TWO, LIFETIME, true);
        f.clock.advance(Duration.ofMinutes(20));
        List<Usage> verified = new java.util.ArrayList<>();
        RenewalService service = f.renewals().verifiedBy((usages, expected) -> {
            verified.addAll(usages);
            return List.of("WebServicesInternal presented " + old + " instead of " + expected);
        });

        RenewalOutcome outcome = service.pass(100).getFirst();

        assertThat(outcome.result()).isEqualTo(RenewalOutcome.Result.REVERTED);
        assertThat(verified).containsExactly(Usage.Default, Usage.WebServicesInternal);
        Thumbprint renewed = new Thumbprint(outcome.renewedThumbprint());
        assertThat(f.assigned(Usage.Default)).isEqualTo(old);
        assertThat(f.assigned(Usage.WebServicesInternal)).isEqualTo(old);
        assertThat(f.certwiz.store().read((Transaction tx) -> f.records.replacedBy(tx, old)))
                .isEmpty();
        assertThat(f.tracked(renewed)).isFalse();
        assertThat(stored(old).friendlyName()).as("the name came back").isEqualTo("renewable");
        assertThat(stored(renewed).friendlyName()).isNull();
        RenewalState state = f.state(old);
        assertThat(state.failures()).isEqualTo(1);
        assertThat(state.lastError()).contains("reverted " + renewed).contains("presented");
        assertThat(f.audit()).startsWith("renew.reverted", "renew");
        // The failure is an open alert, until a renewal succeeds.
        f.certwiz.alerts().evaluate(java.util.Map.of());
        assertThat(f.certwiz.alerts().list().alerts())
                .filteredOn(a -> a.kind().equals("renewal-failed"))
                .singleElement()
                .satisfies(a -> assertThat(a.message()).contains(old.hex()).contains("reverted"));
        assertThat(f.renewals()
                        .renew(old.hex(), new RenewalService.Options(true, false))
                        .result())
                .isEqualTo(RenewalOutcome.Result.RENEWED);
        f.certwiz.alerts().evaluate(java.util.Map.of());
        assertThat(f.certwiz.alerts().list().alerts()).noneMatch(a -> a.kind().equals("renewal-failed"));
        assertThat(f.certwiz.assignments().history(Usage.WebServicesInternal, 4))
                .extracting(AssignmentChange::cause)
                .containsExactly(
                        AssignmentChange.RENEW,
                        AssignmentChange.RENEW_REVERTED,
                        AssignmentChange.RENEW,
                        AssignmentChange.ASSIGN);
    }

    @Test
    void anAssignedCertificateThatIsRevokedIsReplacedAtTheNextPassDueOrNot() {
        Thumbprint old = f.request(List.of(Usage.WebServicesInternal), Duration.ofDays(30), true);
        assertThat(f.renewals().pass(100)).as("not due, not revoked").isEmpty();

        f.certwiz.alerts().evaluate(java.util.Map.of());
        assertThat(f.certwiz.alerts().list().alerts()).noneMatch(a -> a.kind().equals("revoked"));
        f.certwiz.revocations().revoke(old, io.certwiz.ca.RevocationReason.keyCompromise);
        // A critical alert while the revoked certificate is still assigned.
        f.certwiz.alerts().evaluate(java.util.Map.of());
        assertThat(f.certwiz.alerts().list().alerts())
                .filteredOn(a -> a.kind().equals("revoked"))
                .singleElement()
                .satisfies(a -> {
                    assertThat(a.severity()).isEqualTo(io.certwiz.alert.Severity.critical);
                    assertThat(a.message()).contains(old.hex()).contains("WebServicesInternal");
                });
        List<RenewalOutcome> outcomes = f.renewals().pass(100);

        assertThat(outcomes).singleElement().satisfies(o -> {
            assertThat(o.thumbprint()).isEqualTo(old.hex());
            assertThat(o.result()).isEqualTo(RenewalOutcome.Result.RENEWED);
        });
        Thumbprint renewed = new Thumbprint(outcomes.getFirst().renewedThumbprint());
        assertThat(f.assigned(Usage.WebServicesInternal)).isEqualTo(renewed);
        assertThat(f.renewals().pass(100))
                .as("the successor is not revoked: nothing more to do")
                .isEmpty();
        f.certwiz.alerts().evaluate(java.util.Map.of());
        assertThat(f.certwiz.alerts().list().alerts())
                .as("resolved once it serves nothing")
                .noneMatch(a -> a.kind().equals("revoked"));
    }

    @Test
    void theTokenIssuersRenewalIsStagedADayAheadAndBothKeysArePublished() throws Exception {
        Duration lifetime = Duration.ofDays(30);
        Thumbprint old = f.request(List.of(Usage.OAuthTokenIssuer), lifetime, true);
        f.clock.advance(Duration.ofDays(21));

        RenewalOutcome outcome = f.renewals().pass(100).getFirst();

        assertThat(outcome.result()).isEqualTo(RenewalOutcome.Result.RENEWED);
        assertThat(outcome.message()).contains("staged for OAuthTokenIssuer");
        Thumbprint renewed = new Thumbprint(outcome.renewedThumbprint());
        Instant now = f.clock.instant();
        io.certwiz.usage.UsageStatus status = f.certwiz.assignments().usages().stream()
                .filter(u -> u.usage().equals("OAuthTokenIssuer"))
                .findFirst()
                .orElseThrow();
        assertThat(status.thumbprint())
                .as("the old key signs until the effective date")
                .isEqualTo(old.hex());
        assertThat(status.nextThumbprint()).isEqualTo(renewed.hex());
        assertThat(Instant.parse(status.nextEffectiveDate()))
                .isEqualTo(now.plus(io.certwiz.assignment.Rollover.PUBLISH_AHEAD)
                        .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        String jwks = f.certwiz.tokens().jwks();
        assertThat(jwks).as("relying parties see both keys").contains(old.hex()).contains(renewed.hex());
        assertThat(f.audit()).contains("assign.roll", "renew");

        // At the effective date the renewed certificate signs; the old one stays published as previous.
        f.clock.advance(io.certwiz.assignment.Rollover.PUBLISH_AHEAD);
        assertThat(f.assigned(Usage.OAuthTokenIssuer)).isEqualTo(renewed);
        assertThat(f.certwiz.tokens().jwks()).contains(old.hex()).contains(renewed.hex());
    }

    @Test
    void aSuccessorThatFailsTheChecksIsKeptUnassignedAndTheOldOneKeepsServing() {
        Thumbprint old = f.request(List.of(Usage.WebServicesInternal), LIFETIME, true);
        f.clock.advance(Duration.ofMinutes(20));
        // The server identity moved to a name the CA's policy... is fine, but the checks see a stale identity:
        // a takeover that refuses stands in for any check failing at the last moment.
        RenewalService service = f.renewals().withTakeover(Usage.WebServicesInternal, new Takeover() {
            @Override
            public Result takeOver(Transaction tx, Usage usage, Thumbprint replaced, Thumbprint renewed, Instant now) {
                throw CertwizException.refused("the token issuer's consumers do not accept it yet");
            }

            @Override
            public void revert(Transaction tx, Usage usage, Thumbprint replaced, Thumbprint renewed, Instant now) {}
        });

        RenewalOutcome outcome = service.renew(Usage.WebServicesInternal, RenewalService.Options.due());

        assertThat(outcome.result()).isEqualTo(RenewalOutcome.Result.FAILED);
        assertThat(outcome.message()).contains("fails the checks of assign").contains("consumers");
        assertThat(f.assigned(Usage.WebServicesInternal)).isEqualTo(old);
        assertThat(f.certwiz.certificates().list(io.certwiz.trust.TrustStore.personal, null))
                .hasSize(2);
        assertThat(f.state(old).failures()).isEqualTo(1);
    }

    @Test
    void aChangedServerIdentityIsRenewedForTheNamesTheUsageNeedsNowAndTheChangeIsReported() {
        Thumbprint old = f.request(List.of(Usage.WebServicesInternal), LIFETIME, true);
        f.certwiz.store().write((Transaction tx) -> {
            new SqlServerIdentityRecords()
                    .save(
                            tx,
                            ServerIdentity.of(
                                    RenewalFixture.FQDN,
                                    RenewalFixture.POOL,
                                    "admin.example.com",
                                    RenewalFixture.WEB_EXTERNAL,
                                    List.of("example.com")));
            return null;
        });

        RenewalOutcome dry = f.renewals().renew(old.hex(), new RenewalService.Options(true, true));
        assertThat(dry.result()).isEqualTo(RenewalOutcome.Result.WOULD_RENEW);
        assertThat(dry.namesAdded()).containsExactly("dns:admin.example.com");
        assertThat(dry.namesDropped()).containsExactly("dns:" + RenewalFixture.WEB_INTERNAL);
        assertThat(f.assigned(Usage.WebServicesInternal))
                .as("a dry run changes nothing")
                .isEqualTo(old);

        RenewalOutcome outcome = f.renewals().renew(old.hex(), new RenewalService.Options(true, false));
        assertThat(outcome.result()).isEqualTo(RenewalOutcome.Result.RENEWED);
        assertThat(outcome.namesAdded()).containsExactly("dns:admin.example.com");
        Thumbprint renewed = new Thumbprint(outcome.renewedThumbprint());
        assertThat(SubjectAltName.of(certificate(renewed))).containsExactly(SubjectAltName.dns("admin.example.com"));
        assertThat(f.certwiz.audit().newest(1).getFirst().detail())
                .contains("names+=dns:admin.example.com")
                .contains("names-=dns:" + RenewalFixture.WEB_INTERNAL);
    }

    @Test
    void notDueDryRunAndForce() {
        Thumbprint old = f.request(List.of(Usage.Default), LIFETIME, true);
        RenewalOutcome notDue = f.renewals().renew(Usage.Default, RenewalService.Options.due());
        assertThat(notDue.result()).isEqualTo(RenewalOutcome.Result.NOT_DUE);
        assertThat(notDue.message()).startsWith("not due until ");
        assertThat(f.renewals()
                        .renew(Usage.Default, new RenewalService.Options(false, true))
                        .result())
                .isEqualTo(RenewalOutcome.Result.NOT_DUE);
        assertThat(f.renewals().renewAll(new RenewalService.Options(true, true)))
                .extracting(RenewalOutcome::result)
                .containsExactly(RenewalOutcome.Result.WOULD_RENEW);
        long issued = f.certwiz.embeddedCa().issuedCount();
        assertThat(f.renewals().renewAll(new RenewalService.Options(true, false)))
                .extracting(RenewalOutcome::result)
                .containsExactly(RenewalOutcome.Result.RENEWED);
        assertThat(f.certwiz.embeddedCa().issuedCount()).isEqualTo(issued + 1);
        assertThat(f.assigned(Usage.Default)).isNotEqualTo(old);
        assertThat(f.renewals()
                        .renew(old.hex(), new RenewalService.Options(true, false))
                        .message())
                .as("a replaced certificate is not renewed twice")
                .startsWith("already renewed");
    }

    @Test
    void aLeaseHeldByAnotherServerKeepsThisOneOff() {
        Thumbprint old = f.request(List.of(Usage.Default), LIFETIME, true);
        f.renewals().track();
        f.clock.advance(Duration.ofMinutes(20));
        f.certwiz
                .store()
                .write((Transaction tx) -> f.records.lease(
                        tx,
                        old,
                        "other-server",
                        f.clock.instant(),
                        f.clock.instant().plusSeconds(600)));

        assertThat(f.renewals().pass(100)).as("the pass skips it").isEmpty();
        RenewalOutcome outcome = f.renewals().renew(old.hex(), RenewalService.Options.due());
        assertThat(outcome.result()).isEqualTo(RenewalOutcome.Result.LEASED_ELSEWHERE);
        assertThat(outcome.message()).contains("other-server");

        f.clock.advance(Duration.ofSeconds(601));
        assertThat(f.renewals().pass(100))
                .extracting(RenewalOutcome::result)
                .containsExactly(RenewalOutcome.Result.RENEWED);
    }

    @Test
    void renewBeforeOverridesTheDefaultForTheUsagesCertificate() {
        Thumbprint old = f.request(List.of(Usage.Default), LIFETIME, true);
        Instant notAfter = certificate(old).getNotAfter().toInstant();

        RenewalService.RenewBeforeView set = f.renewals().setRenewBefore(Usage.Default, "25m");

        assertThat(set.renewBefore()).isEqualTo("25m");
        assertThat(set.thumbprint()).isEqualTo(old.hex());
        Instant due = f.state(old).dueAt();
        assertThat(due)
                .isBetween(
                        notAfter.minus(Duration.ofMinutes(25)).minus(Duration.ofSeconds(71)),
                        notAfter.minus(Duration.ofMinutes(25)));
        assertThat(f.renewals()
                        .annotateUsages(f.certwiz.assignments().usages())
                        .getFirst()
                        .renewBefore())
                .isEqualTo("25m");
        assertThat(f.renewals().setRenewBefore(Usage.Default, "default").renewBefore())
                .isNull();
        CertwizException bad =
                catchThrowableOfType(CertwizException.class, () -> f.renewals().setRenewBefore(Usage.Default, "99%"));
        assertThat(bad.failure()).isEqualTo(Failure.BAD_USAGE);
    }

    @Test
    void rollbackReturnsAUsageToItsPreviousCertificateWhileItPassesTheChecks() {
        Thumbprint old = f.request(TWO, LIFETIME, true);
        f.clock.advance(Duration.ofMinutes(20));
        Thumbprint renewed = new Thumbprint(f.renewals().pass(100).getFirst().renewedThumbprint());

        var back = f.renewals().rollback(Usage.Default);

        assertThat(back.thumbprint()).isEqualTo(old.hex());
        assertThat(back.previousThumbprint()).isEqualTo(renewed.hex());
        assertThat(f.assigned(Usage.Default)).isEqualTo(old);
        assertThat(f.assigned(Usage.WebServicesInternal))
                .as("only the usage named")
                .isEqualTo(renewed);
        assertThat(f.certwiz.store().read((Transaction tx) -> f.records.replaces(tx, renewed)))
                .as("the renewal still serves a usage: its lineage stays")
                .contains(old);
        RenewalState paused = f.state(old);
        assertThat(paused.nextAttemptAt())
                .as("not renewed again at once")
                .isAfter(f.clock.instant().plusSeconds(60));
        assertThat(f.audit().getFirst()).isEqualTo("rollback");

        f.renewals().rollback(Usage.WebServicesInternal);
        assertThat(f.certwiz.store().read((Transaction tx) -> f.records.replaces(tx, renewed)))
                .as("rolled back everywhere: forgotten")
                .isEmpty();
        assertThat(f.tracked(renewed)).isFalse();
    }

    @Test
    void rollbackToACertificateThatExpiredIsRefused() {
        Thumbprint first = f.request(List.of(Usage.Default), LIFETIME, true);
        Thumbprint second = f.request(List.of(Usage.Default), Duration.ofHours(2), true);
        f.clock.advance(LIFETIME.plusMinutes(1));

        CertwizException refused =
                catchThrowableOfType(CertwizException.class, () -> f.renewals().rollback(Usage.Default));

        assertThat(refused.failure()).isEqualTo(Failure.REFUSED);
        assertThat(refused.getMessage()).contains(first.hex());
        assertThat(f.assigned(Usage.Default)).isEqualTo(second);
        CertwizException none =
                catchThrowableOfType(CertwizException.class, () -> f.renewals().rollback(Usage.WebServicesExternal));
        assertThat(none.failure()).isEqualTo(Failure.NOT_FOUND);
    }
}
