package io.certwiz.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rate limits wrong tokens per client address: after {@link #MAX_FAILURES} in {@link #WINDOW}, further
 * wrong tokens from that address are answered 429 without being recorded one by one. The right token is
 * never refused, so a guesser behind the same NAT cannot lock the administrator out; guessing gains
 * nothing either, the token having 256 random bits.
 */
final class LoginThrottle {
    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Seconds until this address may try again, or 0 when it may try now. */
    long retryAfterSeconds(String address) {
        Deque<Instant> times = failures.get(address);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            Instant now = clock.instant();
            prune(times, now);
            if (times.size() < MAX_FAILURES) {
                return 0;
            }
            return Math.max(
                    1, Duration.between(now, times.peekFirst().plus(WINDOW)).toSeconds());
        }
    }

    void failed(String address) {
        Deque<Instant> times = failures.computeIfAbsent(address, a -> new ArrayDeque<>());
        synchronized (times) {
            Instant now = clock.instant();
            prune(times, now);
            times.addLast(now);
        }
    }

    /** The right token came from {@code address}: its count starts again. */
    void succeeded(String address) {
        failures.remove(address);
    }

    private static void prune(Deque<Instant> times, Instant now) {
        Instant horizon = now.minus(WINDOW);
        while (!times.isEmpty() && times.peekFirst().isBefore(horizon)) {
            times.removeFirst();
        }
    }
}
