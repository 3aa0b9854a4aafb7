package io.certwiz.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RenewalPlanTest {
    static final Instant NOT_BEFORE = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOT_AFTER = NOT_BEFORE.plus(Duration.ofDays(90));

    /** Always the lowest or the highest value a random generator can give. */
    static RandomGenerator fixed(double value) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return value;
            }

            @Override
            public long nextLong(long bound) {
                return value >= 0.5 ? bound - 1 : 0;
            }
        };
    }

    @Test
    void withoutAriTheDefaultIsTwoThirdsOfTheLifetimeMovedEarlierByAtMostAThirtieth() {
        Instant latest = RenewalPlan.due(NOT_BEFORE, NOT_AFTER, null, RenewBefore.lastThird(), false, fixed(0));
        assertThat(latest).isEqualTo(NOT_BEFORE.plus(Duration.ofDays(60)));
        Instant earliest =
                RenewalPlan.due(NOT_BEFORE, NOT_AFTER, null, RenewBefore.lastThird(), false, fixed(0.999999));
        assertThat(earliest)
                .isBetween(
                        NOT_BEFORE.plus(Duration.ofDays(57)),
                        NOT_BEFORE.plus(Duration.ofDays(57).plusSeconds(10)));
    }

    @Test
    void jitterSpreadsAFleet() {
        Random random = new Random(7);
        long distinct = java.util.stream.IntStream.range(0, 100)
                .mapToObj(i -> RenewalPlan.due(NOT_BEFORE, NOT_AFTER, null, RenewBefore.lastThird(), false, random))
                .distinct()
                .count();
        assertThat(distinct).isGreaterThan(90);
    }

    @Test
    void anAriWindowIsUsedAndAPointInsideItIsChosen() {
        RenewalWindow window =
                new RenewalWindow(NOT_BEFORE.plus(Duration.ofDays(70)), NOT_BEFORE.plus(Duration.ofDays(72)));
        Random random = new Random(1);
        for (int i = 0; i < 200; i++) {
            Instant due = RenewalPlan.due(NOT_BEFORE, NOT_AFTER, window, RenewBefore.lastThird(), false, random);
            assertThat(due).isBetween(window.start(), window.end());
        }
        assertThat(RenewalPlan.due(NOT_BEFORE, NOT_AFTER, window, RenewBefore.lastThird(), false, fixed(0)))
                .isEqualTo(window.start());
        assertThat(RenewalPlan.due(NOT_BEFORE, NOT_AFTER, window, RenewBefore.lastThird(), false, fixed(0.99)))
                .isEqualTo(window.end());
    }

    @Test
    void anExplicitOverrideEarlierThanTheAriWindowWins() {
        RenewalWindow window =
                new RenewalWindow(NOT_BEFORE.plus(Duration.ofDays(70)), NOT_BEFORE.plus(Duration.ofDays(72)));
        Instant due = RenewalPlan.due(NOT_BEFORE, NOT_AFTER, window, RenewBefore.parse("50%"), true, fixed(0));
        assertThat(due).isEqualTo(NOT_BEFORE.plus(Duration.ofDays(45)));
        Instant later = RenewalPlan.due(NOT_BEFORE, NOT_AFTER, window, RenewBefore.parse("5d"), true, fixed(0));
        assertThat(later)
                .as("an override later than the window leaves the CA's window")
                .isEqualTo(window.start());
    }

    @Test
    void aWindowInThePastMeansRenewNow() {
        Instant now = NOT_BEFORE.plus(Duration.ofDays(10));
        RenewalWindow revoked = new RenewalWindow(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
        assertThat(RenewalPlan.due(NOT_BEFORE, NOT_AFTER, revoked, RenewBefore.lastThird(), false, new Random()))
                .isBefore(now);
    }

    @Test
    void aShortLivedCertificateIsNeverDueBeforeAtLeastAShareOfItsLifetimePassed() {
        Instant nb = Instant.parse("2026-01-01T00:00:00Z");
        Instant na = nb.plus(Duration.ofMinutes(10));
        Instant due = RenewalPlan.due(nb, na, null, RenewBefore.parse("1h"), true, fixed(0.5));
        assertThat(due).isEqualTo(nb.plusSeconds(30));
    }

    @Test
    void retriesStartAtAboutAMinuteAndDoubleUpToACap() {
        Instant now = NOT_BEFORE.plus(Duration.ofDays(60));
        assertThat(Duration.between(now, RenewalPlan.retryAfterFailure(1, now, NOT_AFTER, fixed(0.5))))
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(Duration.between(now, RenewalPlan.retryAfterFailure(2, now, NOT_AFTER, fixed(0.5))))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(Duration.between(now, RenewalPlan.retryAfterFailure(5, now, NOT_AFTER, fixed(0.5))))
                .isEqualTo(Duration.ofMinutes(16));
        assertThat(Duration.between(now, RenewalPlan.retryAfterFailure(50, now, NOT_AFTER, fixed(0.5))))
                .isEqualTo(Duration.ofHours(4));
        Duration jittered = Duration.between(now, RenewalPlan.retryAfterFailure(3, now, NOT_AFTER, fixed(0.99)));
        assertThat(jittered).isBetween(Duration.ofMinutes(4), Duration.ofSeconds(4 * 60 + 30));
    }

    @Test
    void retriesNeverBackOffPastExpiryAndComeCloserAsItNears() {
        Instant notAfter = NOT_AFTER;
        Instant oneHourLeft = notAfter.minus(Duration.ofHours(1));
        Instant next = RenewalPlan.retryAfterFailure(30, oneHourLeft, notAfter, fixed(0.5));
        assertThat(Duration.between(oneHourLeft, next)).isEqualTo(Duration.ofMinutes(15));
        Instant tenMinutesLeft = notAfter.minus(Duration.ofMinutes(10));
        assertThat(Duration.between(
                        tenMinutesLeft, RenewalPlan.retryAfterFailure(30, tenMinutesLeft, notAfter, fixed(0.5))))
                .isEqualTo(Duration.ofSeconds(150));
        Instant expired = notAfter.plus(Duration.ofMinutes(1));
        assertThat(Duration.between(expired, RenewalPlan.retryAfterFailure(30, expired, notAfter, fixed(0.5))))
                .as("an expired certificate still retries, at the shortest wait")
                .isEqualTo(Duration.ofSeconds(30));
    }
}
