package io.certwiz.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UrgencyTest {
    static final Instant NB = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aNinetyDayCertificate() {
        Instant na = NB.plus(Duration.ofDays(90));
        assertThat(Urgency.of(NB, na, NB.plus(Duration.ofDays(59)))).isEqualTo(Urgency.NONE);
        assertThat(Urgency.of(NB, na, NB.plus(Duration.ofDays(60)))).isEqualTo(Urgency.WARNING);
        assertThat(Urgency.of(NB, na, NB.plus(Duration.ofDays(75)))).isEqualTo(Urgency.CRITICAL);
        assertThat(Urgency.of(NB, na, na)).isEqualTo(Urgency.EXPIRED);
    }

    @Test
    void aTwoYearCertificateIsCriticalAtASixth() {
        Instant na = NB.plus(Duration.ofDays(720));
        assertThat(Urgency.of(NB, na, na.minus(Duration.ofDays(121)))).isEqualTo(Urgency.WARNING);
        assertThat(Urgency.of(NB, na, na.minus(Duration.ofDays(120)))).isEqualTo(Urgency.CRITICAL);
    }

    @Test
    void aThirtyDayCertificateIsCriticalAtSevenDays() {
        Instant na = NB.plus(Duration.ofDays(30));
        assertThat(Urgency.of(NB, na, na.minus(Duration.ofDays(8)))).isEqualTo(Urgency.WARNING);
        assertThat(Urgency.of(NB, na, na.minus(Duration.ofDays(7)))).isEqualTo(Urgency.CRITICAL);
    }

    @Test
    void aTenMinuteCertificateIsJudgedByItsLifetimeOnly() {
        Instant na = NB.plus(Duration.ofMinutes(10));
        assertThat(Urgency.of(NB, na, NB.plus(Duration.ofMinutes(1)))).isEqualTo(Urgency.NONE);
        assertThat(Urgency.of(NB, na, NB.plus(Duration.ofMinutes(7)))).isEqualTo(Urgency.WARNING);
        assertThat(Urgency.of(NB, na, NB.plus(Duration.ofMinutes(9)))).isEqualTo(Urgency.CRITICAL);
    }
}
