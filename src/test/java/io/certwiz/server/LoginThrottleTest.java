package io.certwiz.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.server.support.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** At most {@link LoginThrottle#MAX_FAILURES} failed logins per address in {@link LoginThrottle#WINDOW}. */
class LoginThrottleTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void anAddressWaitsUntilItsOldestFailureLeavesTheWindow() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThat(throttle.retryAfterSeconds("192.0.2.1")).isZero();
            throttle.failed("192.0.2.1");
            clock.advance(Duration.ofSeconds(10));
        }
        long wait = throttle.retryAfterSeconds("192.0.2.1");
        assertThat(wait).isEqualTo(LoginThrottle.WINDOW.toSeconds() - 10L * LoginThrottle.MAX_FAILURES);
        assertThat(throttle.retryAfterSeconds("192.0.2.2")).isZero();
        clock.advance(Duration.ofSeconds(wait - 1));
        assertThat(throttle.retryAfterSeconds("192.0.2.1")).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2));
        assertThat(throttle.retryAfterSeconds("192.0.2.1")).isZero();
    }

    @Test
    void aSuccessClearsTheFailures() {
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            throttle.failed("192.0.2.1");
        }
        assertThat(throttle.retryAfterSeconds("192.0.2.1")).isEqualTo(LoginThrottle.WINDOW.toSeconds());
        throttle.succeeded("192.0.2.1");
        assertThat(throttle.retryAfterSeconds("192.0.2.1")).isZero();
    }
}
