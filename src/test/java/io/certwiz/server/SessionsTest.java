package io.certwiz.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.server.support.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Browser sessions end after {@link Sessions#IDLE} without use, and {@link Sessions#ABSOLUTE} after login. */
class SessionsTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final Sessions sessions = new Sessions(clock);
    private static final String G1 = "generation-1";
    private String generation = G1;
    private final Supplier<Optional<String>> current = () -> Optional.ofNullable(generation);

    @Test
    void aSessionInUseLastsUntilItsAbsoluteEnd() {
        Sessions.Session session = sessions.create(G1);
        assertThat(session.csrfToken).isNotEqualTo(session.id);
        Duration step = Sessions.IDLE.minusMinutes(1);
        Duration used = Duration.ZERO;
        while (used.plus(step).compareTo(Sessions.ABSOLUTE) <= 0) {
            clock.advance(step);
            used = used.plus(step);
            assertThat(sessions.find(session.id, current)).as("after %s", used).isSameAs(session);
        }
        clock.advance(Sessions.ABSOLUTE.minus(used).plusSeconds(1));
        assertThat(sessions.find(session.id, current)).isNull();
    }

    @Test
    void anIdleSessionEndsAndAnEndedOneIsGone() {
        Sessions.Session idle = sessions.create(G1);
        Sessions.Session ended = sessions.create(G1);
        sessions.end(ended.id);
        assertThat(sessions.find(ended.id, current)).isNull();
        clock.advance(Sessions.IDLE);
        assertThat(sessions.find(idle.id, current)).isSameAs(idle);
        clock.advance(Sessions.IDLE.plusSeconds(1));
        assertThat(sessions.find(idle.id, current)).isNull();
        assertThat(sessions.find(null, current)).isNull();
    }

    @Test
    void aNewAdminTokenEndsEverySessionMadeWithTheOldOne() {
        Sessions.Session first = sessions.create(G1);
        Sessions.Session second = sessions.create(G1);
        assertThat(sessions.find(first.id, current)).isSameAs(first);
        generation = "generation-2";
        assertThat(sessions.find(first.id, current)).isNull();
        assertThat(sessions.find(second.id, current)).isNull();
        Sessions.Session after = sessions.create("generation-2");
        assertThat(sessions.find(after.id, current)).isSameAs(after);
        // ended for good, even if the old generation came back
        generation = G1;
        assertThat(sessions.find(first.id, current)).isNull();
        // no token at all: no session
        generation = null;
        assertThat(sessions.find(after.id, current)).isNull();
    }
}
