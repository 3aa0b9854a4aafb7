package io.certwiz.renewal;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When a certificate renews and, after a failure, when it tries again. Pure: the caller passes the
 * time and the randomness, so that tests can fix both.
 */
public final class RenewalPlan {
    /** The first retry comes about a minute after a failure; the delay then doubles. */
    static final Duration FIRST_RETRY = Duration.ofMinutes(1);
    /** The longest wait between two attempts. */
    static final Duration LONGEST_RETRY = Duration.ofHours(4);
    /** The shortest wait between two attempts, even at the last moment. */
    static final Duration SHORTEST_RETRY = Duration.ofSeconds(30);
    /** A wait never exceeds this share of the time left, so that several attempts remain before expiry. */
    static final int ATTEMPTS_LEFT = 4;
    /** Without ARI the due time moves earlier by a random share of the lifetime, up to this one. */
    static final double JITTER_SHARE = 1.0 / 30;

    private RenewalPlan() {}

    /**
     * When a certificate valid from {@code notBefore} to {@code notAfter} is due. With a renewal window
     * from its CA (ARI, RFC 9773), a random instant inside it, unless the administrator's
     * {@code before} asks for earlier; an ARI window that ended already means now. Otherwise
     * {@code before} (by default the last third), moved earlier by a random jitter so that a fleet of
     * servers does not renew at once, never before {@link RenewBefore#MIN_ELAPSED} of the lifetime.
     */
    public static Instant due(
            Instant notBefore,
            Instant notAfter,
            RenewalWindow ari,
            RenewBefore before,
            boolean beforeIsExplicit,
            RandomGenerator random) {
        long lifetime = Math.max(0, Duration.between(notBefore, notAfter).toMillis());
        Instant earliest = notBefore.plusMillis(Math.round(lifetime * RenewBefore.MIN_ELAPSED));
        Instant planned = before.dueFor(notBefore, notAfter);
        long jitter = Math.round(lifetime * JITTER_SHARE * random.nextDouble());
        Instant jittered = planned.minusMillis(jitter);
        Instant fromPolicy = jittered.isBefore(earliest) ? earliest : jittered;
        if (ari == null) {
            return fromPolicy;
        }
        Instant fromAri = ari.pick(random);
        return beforeIsExplicit && fromPolicy.isBefore(fromAri) ? fromPolicy : fromAri;
    }

    /**
     * When to try again after the {@code failures}-th failure in a row at {@code now}: about a minute,
     * doubling up to {@link #LONGEST_RETRY}, but never more than a quarter of the time left before
     * {@code notAfter}, so that retries come closer together as expiry nears instead of backing off past it.
     */
    public static Instant retryAfterFailure(int failures, Instant now, Instant notAfter, RandomGenerator random) {
        int doublings = Math.max(0, Math.min(failures - 1, 20));
        Duration wait = FIRST_RETRY.multipliedBy(1L << doublings);
        if (wait.compareTo(LONGEST_RETRY) > 0) {
            wait = LONGEST_RETRY;
        }
        Duration left = Duration.between(now, notAfter);
        Duration share = left.isNegative() ? Duration.ZERO : left.dividedBy(ATTEMPTS_LEFT);
        if (wait.compareTo(share) > 0) {
            wait = share;
        }
        // +-10% so that servers that failed together do not retry together
        long millis = wait.toMillis();
        millis += Math.round(millis * 0.2 * (random.nextDouble() - 0.5));
        Duration jittered = Duration.ofMillis(millis);
        return now.plus(jittered.compareTo(SHORTEST_RETRY) < 0 ? SHORTEST_RETRY : jittered);
    }
}
