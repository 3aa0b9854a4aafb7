package io.certwiz.usage;

import io.certwiz.x509.Thumbprint;
import java.time.Instant;

/** Which certificate a usage uses, since when, and which one it replaced. */
public record Assignment(Usage usage, Thumbprint thumbprint, Instant assignedAt, Thumbprint previous) {}
