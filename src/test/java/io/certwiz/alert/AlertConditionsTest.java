package io.certwiz.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.renewal.RenewalState;
import io.certwiz.renewal.Urgency;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conditions from a fixed snapshot and time. */
class AlertConditionsTest {
    static final Instant T = Instant.parse("2030-01-01T00:00:00Z");
    static final String A = "A".repeat(40);

    @Test
    void theDefaultThresholdsAreRenewalsUrgency() {
        AlertThresholds t = AlertThresholds.DEFAULTS;
        for (Duration lifetime :
                List.of(Duration.ofDays(90), Duration.ofDays(14), Duration.ofHours(24), Duration.ofDays(365))) {
            Instant from = T.minus(Duration.ofDays(1));
            Instant to = from.plus(lifetime);
            for (int step = 0; step <= 100; step++) {
                Instant now =
                        from.plus(lifetime.multipliedBy(step).dividedBy(100)).plusSeconds(1);
                Urgency urgency = Urgency.of(from, to, now);
                Severity severity = t.severity(from, to, now);
                Severity expected = switch (urgency) {
                    case NONE -> null;
                    case WARNING -> Severity.warning;
                    case CRITICAL, EXPIRED -> Severity.critical;
                };
                assertThat(severity).as("%s at %d%%", lifetime, step).isEqualTo(expected);
            }
        }
    }

    static Map<Usage, String> all(String thumbprint) {
        Map<Usage, String> m = new EnumMap<>(Usage.class);
        for (Usage u : Usage.values()) {
            m.put(u, thumbprint);
        }
        return m;
    }

    @Test
    void aListenerServingAnotherCertificateAlertsAfterTheGrace() {
        Map<Usage, String> served = new EnumMap<>(Usage.class);
        served.put(Usage.Default, "B".repeat(40));
        List<Condition> conditions = AlertConditions.of(
                new AlertConditions.Snapshot(List.of(), all(A), List.of(), served, null), AlertThresholds.DEFAULTS, T);
        assertThat(conditions).singleElement().satisfies(c -> {
            assertThat(c.key()).isEqualTo("served-mismatch:Default");
            assertThat(c.severity()).isEqualTo(Severity.critical);
            assertThat(c.holdFor()).isEqualTo(AlertConditions.SERVED_GRACE);
            assertThat(c.message()).contains("B".repeat(40)).contains(A);
        });
    }

    @Test
    void renewalFailuresWarnThenGoCritical() {
        RenewalState once = RenewalState.planned(new Thumbprint(A), T).failed(T, "CA unreachable", T.plusSeconds(60));
        RenewalState thrice =
                once.failed(T, "CA unreachable", T.plusSeconds(120)).failed(T, "CA unreachable", T);
        assertThat(AlertConditions.of(
                        new AlertConditions.Snapshot(List.of(), all(A), List.of(once), null, null),
                        AlertThresholds.DEFAULTS,
                        T))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.kind()).isEqualTo("renewal-failed");
                    assertThat(c.severity()).isEqualTo(Severity.warning);
                    assertThat(c.message()).contains("CA unreachable").contains("failed 1 time");
                });
        assertThat(AlertConditions.of(
                                new AlertConditions.Snapshot(List.of(), all(A), List.of(thrice), null, null),
                                AlertThresholds.DEFAULTS,
                                T)
                        .getFirst()
                        .severity())
                .isEqualTo(Severity.critical);
    }

    @Test
    void thresholdsAreConfigurable() {
        AlertThresholds t = new AlertThresholds(0.5, 0.1, 0, Duration.ofHours(1));
        Instant from = T;
        Instant to = T.plus(Duration.ofDays(100));
        assertThat(t.severity(from, to, T.plus(Duration.ofDays(49)))).isNull();
        assertThat(t.severity(from, to, T.plus(Duration.ofDays(51)))).isEqualTo(Severity.warning);
        assertThat(t.severity(from, to, T.plus(Duration.ofDays(91)))).isEqualTo(Severity.critical);
        assertThat(AlertThresholds.parseShare("1/3", "x")).isEqualTo(1.0 / 3);
        assertThat(AlertThresholds.parseShare("25%", "x")).isEqualTo(0.25);
    }
}
