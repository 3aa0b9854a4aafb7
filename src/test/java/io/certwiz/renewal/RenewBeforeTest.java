package io.certwiz.renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.CertwizException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RenewBeforeTest {
    static final Instant NB = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NA = NB.plus(Duration.ofDays(100));

    @Test
    void sharesAndTimesParseAndRoundTrip() {
        assertThat(RenewBefore.parse("33%").dueFor(NB, NA)).isEqualTo(NB.plus(Duration.ofDays(67)));
        assertThat(RenewBefore.parse(" 30D ").dueFor(NB, NA)).isEqualTo(NB.plus(Duration.ofDays(70)));
        assertThat(RenewBefore.parse("12h").text()).isEqualTo("12h");
        assertThat(RenewBefore.parse("90m").text()).isEqualTo("90m");
        assertThat(RenewBefore.parse("120s").text()).isEqualTo("2m");
        assertThat(RenewBefore.parse("48h").text()).isEqualTo("2d");
        assertThat(RenewBefore.parse("33%").text()).isEqualTo("33%");
    }

    @Test
    void theDefaultIsTheLastThird() {
        assertThat(RenewBefore.lastThird().dueFor(NB, NB.plus(Duration.ofDays(90))))
                .isEqualTo(NB.plus(Duration.ofDays(60)));
    }

    @Test
    void aTimeLongerThanTheLifetimeWaitsForTheMinimumShare() {
        assertThat(RenewBefore.parse("200d").dueFor(NB, NA)).isEqualTo(NB.plus(Duration.ofDays(5)));
    }

    @Test
    void valuesOutsideTheBoundsAreUsageErrors() {
        for (String bad :
                new String[] {"0%", "4%", "96%", "100%", "30s", "0m", "367d", "", "thirty days", "-5d", "5w"}) {
            assertThatThrownBy(() -> RenewBefore.parse(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            CertwizException.class,
                            e -> assertThat(e.getMessage()).startsWith("--renew-before: "));
        }
    }
}
