package io.certwiz.usage;

import io.certwiz.x509.Thumbprint;
import java.time.Instant;

/**
 * Which certificate a usage uses, since when, and which one it replaced; for a staged roll-over, the
 * next certificate and the instant it becomes current ({@code next} and {@code nextEffectiveAt} are both
 * set or both null).
 */
public record Assignment(
        Usage usage,
        Thumbprint thumbprint,
        Instant assignedAt,
        Thumbprint previous,
        Thumbprint next,
        Instant nextEffectiveAt) {
    public Assignment {
        if ((next == null) != (nextEffectiveAt == null)) {
            throw new IllegalArgumentException("a staged certificate needs its effective date, and only it");
        }
    }

    /** An assignment with nothing staged. */
    public Assignment(Usage usage, Thumbprint thumbprint, Instant assignedAt, Thumbprint previous) {
        this(usage, thumbprint, assignedAt, previous, null, null);
    }

    /**
     * The assignment as it stands at {@code now}: from the effective date on, the staged certificate is
     * current and the one it replaces is previous. Only the stored row and the time decide, so every server
     * of a pool sees the roll at the same instant, whether or not the row was rewritten yet.
     */
    public Assignment at(Instant now) {
        if (next == null || now.isBefore(nextEffectiveAt)) {
            return this;
        }
        return new Assignment(usage, next, nextEffectiveAt, thumbprint.equals(next) ? previous : thumbprint);
    }

    /** Whether a certificate is staged to become current later. */
    public boolean staged() {
        return next != null;
    }
}
