package io.certwiz.acme.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.CertwizException;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.PollableResource;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.exception.AcmeRateLimitedException;
import org.shredzone.acme4j.toolbox.JSON;

/** How a request waits for an ACME CA: its Retry-After, its rate limits, and the time it is given. */
class WaitingTest {
    private final AcmeCa ca = new AcmeCa(
            new AcmeAccountRecord(
                    "slow-ca",
                    "https://acme.example/dir",
                    "https://acme.example/acct/1",
                    1,
                    List.of(),
                    null,
                    null,
                    null,
                    null,
                    Instant.now()),
            new AcmeClient(null, null, null, Clock.systemUTC(), "test"));
    private final List<String> notes = new ArrayList<>();
    private final AcmeProgress progress = new AcmeProgress() {
        @Override
        public void begin(String task, int steps) {}

        @Override
        public void step(String message) {}

        @Override
        public void note(String message) {
            notes.add(message);
        }

        @Override
        public void end() {}
    };

    private static AcmeCa.Deadline in(Duration timeout) {
        return new AcmeCa.Deadline(Instant.now().plus(timeout), timeout);
    }

    private static AcmeRateLimitedException rateLimited(Instant retryAfter) throws Exception {
        Problem problem = new Problem(
                JSON.parse("{\"type\":\"urn:ietf:params:acme:error:rateLimited\",\"detail\":\"too many new orders\"}"),
                URI.create("https://acme.example/").toURL());
        URL documentation = URI.create("https://acme.example/docs/rate-limits").toURL();
        return new AcmeRateLimitedException(problem, retryAfter, List.of(documentation));
    }

    @Test
    void aRateLimitWithARetryAfterWithinTheTimeIsWaitedOut() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Instant retryAt = Instant.now().plusMillis(400);
        AcmeRateLimitedException limited = rateLimited(retryAt);
        List<Instant> retried = new ArrayList<>();
        String result = ca.call(in(Duration.ofSeconds(10)), progress, "placing the order", () -> {
            if (calls.getAndIncrement() == 0) {
                throw limited;
            }
            retried.add(Instant.now());
            return "placed";
        });
        assertThat(result).isEqualTo("placed");
        assertThat(calls).hasValue(2);
        assertThat(retried.getFirst()).isAfterOrEqualTo(retryAt);
        assertThat(notes).anyMatch(n -> n.startsWith("rate-limited while placing the order; retrying at"));
    }

    @Test
    void aRateLimitBeyondTheTimeFailsAtOnceWithTheProblemAndWhenToRetry() throws Exception {
        Instant later = Instant.now().plus(Duration.ofHours(1));
        AcmeRateLimitedException limited = rateLimited(later);
        assertThatThrownBy(() -> ca.call(in(Duration.ofSeconds(5)), progress, "placing the order", () -> {
                    throw limited;
                }))
                .isInstanceOf(CertwizException.class)
                .hasMessage("the CA slow-ca rate-limited placing the order: urn:ietf:params:acme:error:rateLimited:"
                        + " too many new orders; retry after " + later + "; see https://acme.example/docs/rate-limits");
    }

    /** A resource that stays pending {@code pendingPolls} times, asking to be polled again after {@code retryAfter}. */
    private static final class Pending implements PollableResource {
        private final int pendingPolls;
        private final Duration retryAfter;
        private int polls;

        Pending(int pendingPolls, Duration retryAfter) {
            this.pendingPolls = pendingPolls;
            this.retryAfter = retryAfter;
        }

        @Override
        public Status getStatus() {
            return polls > pendingPolls ? Status.VALID : Status.PENDING;
        }

        @Override
        public Optional<Instant> fetch() {
            polls++;
            return retryAfter == null
                    ? Optional.empty()
                    : Optional.of(Instant.now().plus(retryAfter));
        }
    }

    @Test
    void pollingHonoursTheRetryAfterTheCaSends() {
        Pending resource = new Pending(1, Duration.ofMillis(600));
        long started = System.nanoTime();
        ca.waitFor(
                resource,
                EnumSet.of(Status.VALID),
                "the validation of dns:a.example",
                in(Duration.ofSeconds(10)),
                progress);
        // The first poll asked for 600 ms; the default first pause is 250 ms.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(590));
        assertThat(resource.polls).isEqualTo(2);
        assertThat(notes).anyMatch(n -> n.contains("the CA asks to check again at"));
    }

    @Test
    void aRetryAfterBeyondTheTimeGivesUpAtOnce() {
        Pending resource = new Pending(100, Duration.ofHours(1));
        long started = System.nanoTime();
        assertThatThrownBy(() -> ca.waitFor(
                        resource,
                        EnumSet.of(Status.VALID),
                        "the validation of dns:a.example",
                        in(Duration.ofSeconds(30)),
                        progress))
                .isInstanceOf(CertwizException.class)
                .hasMessageStartingWith(
                        "gave up after 30 s waiting for the validation of dns:a.example at the CA slow-ca"
                                + " (still pending; the CA asks to check again at ")
                .hasMessageContaining("raise --acme-timeout SECONDS");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void withoutRetryAfterItBacksOffUntilTheTimeIsUp() {
        Pending resource = new Pending(1_000, null);
        long started = System.nanoTime();
        assertThatThrownBy(() -> ca.waitFor(
                        resource,
                        EnumSet.of(Status.VALID),
                        "the certificate to be issued",
                        in(Duration.ofSeconds(2)),
                        progress))
                .hasMessageStartingWith(
                        "gave up after 2 s waiting for the certificate to be issued at the CA slow-ca (still pending)");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(took).isBetween(Duration.ofMillis(1900), Duration.ofSeconds(6));
        assertThat(resource.polls).isBetween(3, 12);
    }
}
