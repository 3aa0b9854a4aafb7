package io.certwiz.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.server.support.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Browser sessions end after {@link Sessions#IDLE} without use, and {@link Sessions#ABSOLUTE} after login. */
class SessionsTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final Sessions sessions = new Sessions(clock);

    @Test
    void aSessionInUseLastsUntilItsAbsoluteEnd() {
        Sessions.Session session = sessions.create();
        assertThat(session.csrfToken).isNotEqualTo(session.id);
        Duration step = Sessions.IDLE.minusMinutes(1);
        Duration used = Duration.ZERO;
        while (used.plus(step).compareTo(Sessions.ABSOLUTE) <= 0) {
            clock.advance(step);
            used = used.plus(step);
            assertThat(sessions.find(session.id)).as("after %s", used).isSameAs(session);
        }
        clock.advance(Sessions.ABSOLUTE.minus(used).plusSeconds(1));
        assertThat(sessions.find(session.id)).isNull();
    }

    @Test
    void anIdleSessionEndsAndAnEndedOneIsGone() {
        Sessions.Session idle = sessions.create();
        Sessions.Session ended = sessions.create();
        sessions.end(ended.id);
        assertThat(sessions.find(ended.id)).isNull();
        clock.advance(Sessions.IDLE);
        assertThat(sessions.find(idle.id)).isSameAs(idle);
        clock.advance(Sessions.IDLE.plusSeconds(1));
        assertThat(sessions.find(idle.id)).isNull();
        assertThat(sessions.find(null)).isNull();
    }
}
