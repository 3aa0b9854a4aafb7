package io.certwiz.renewal;

import java.time.Instant;
import java.util.random.RandomGenerator;

/** A CA's suggested renewal window (ARI, RFC 9773): renew at a random time between start and end. */
public record RenewalWindow(Instant start, Instant end) {
    public RenewalWindow {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("a renewal window ends before it starts");
        }
    }

    /** A uniformly random instant in the window (RFC 9773 section 4.2). */
    Instant pick(RandomGenerator random) {
        long span = end.toEpochMilli() - start.toEpochMilli();
        return start.plusMillis(span == 0 ? 0 : random.nextLong(span + 1));
    }
}
