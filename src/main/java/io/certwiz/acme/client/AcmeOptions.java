package io.certwiz.acme.client;

import io.certwiz.CertwizException;
import io.certwiz.ca.Submission;
import java.time.Duration;

/**
 * How a request to an ACME CA runs: the challenge certwiz answers, where its short-lived responder
 * listens (null: the running server when it is up, else every address on the challenge's port), how
 * long to wait for the CA, which of the offered chains to prefer (by an issuer's common name), and
 * where progress goes, and for a renewal the ARI id of the certificate it replaces. Ignored by other CAs.
 */
public record AcmeOptions(
        ChallengeType challenge,
        String responder,
        Duration timeout,
        String preferredChain,
        AcmeProgress progress,
        String replaces)
        implements Submission.Options {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    public AcmeOptions {
        if (challenge == null) {
            challenge = ChallengeType.HTTP_01;
        }
        if (timeout == null) {
            timeout = DEFAULT_TIMEOUT;
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw CertwizException.badUsage("--acme-timeout must be at least 1 second");
        }
        if (preferredChain != null && preferredChain.isBlank()) {
            preferredChain = null;
        }
        if (responder != null && responder.isBlank()) {
            responder = null;
        }
        if (progress == null) {
            progress = AcmeProgress.silent();
        }
    }

    /** Options for a new certificate, replacing none. */
    public AcmeOptions(
            ChallengeType challenge, String responder, Duration timeout, String preferredChain, AcmeProgress progress) {
        this(challenge, responder, timeout, preferredChain, progress, null);
    }

    public static AcmeOptions defaults() {
        return new AcmeOptions(null, null, null, null, null);
    }

    /**
     * The same for a renewal: the order says it replaces the certificate with this ARI id (RFC 9773
     * section 5), which CAs may reward with a rate-limit exemption.
     */
    public AcmeOptions replacing(String ariId) {
        return new AcmeOptions(challenge, responder, timeout, preferredChain, progress, ariId);
    }

    /** True when nothing differs from the defaults but the progress sink. */
    public boolean isDefault() {
        return challenge == ChallengeType.HTTP_01
                && responder == null
                && timeout.equals(DEFAULT_TIMEOUT)
                && preferredChain == null;
    }
}
