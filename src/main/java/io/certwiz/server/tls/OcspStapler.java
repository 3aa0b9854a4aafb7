package io.certwiz.server.tls;

import io.certwiz.revocation.OcspStaple;
import io.certwiz.usage.Usage;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCSP response each listener staples for the certificate it presents, when that certificate names
 * a responder: asked for when the certificate is new to the listener, asked for again at half of the
 * response's validity, and when asking fails the last good response is kept until its nextUpdate, then
 * dropped (a stale staple would fail the handshakes of clients that check it). Only a good answer is
 * stapled. Asking happens in {@link #refresh}, off the handshake path.
 */
final class OcspStapler {
    private static final Logger LOG = LoggerFactory.getLogger(OcspStapler.class);
    /** After a failed ask, the wait before the next one. */
    static final Duration RETRY = Duration.ofMinutes(1);

    /** One listener's staple: for which certificate, the response (or null), when to ask next, the last error. */
    record State(X509Certificate certificate, OcspStaple staple, Instant nextAsk, String error) {}

    private final StapleSource source;
    private final Function<Usage, KeyMaterial> presented;
    private final Clock clock;
    private final Map<Usage, State> states = new ConcurrentHashMap<>();

    OcspStapler(StapleSource source, Function<Usage, KeyMaterial> presented, Clock clock) {
        this.source = source;
        this.presented = presented;
        this.clock = clock;
    }

    /**
     * The response to staple now for {@code usage}'s listener, or null. It runs at every new connection, so
     * it compares certificates (their cached encodings) rather than computing thumbprints.
     */
    byte[] staple(Usage usage) {
        State state = states.get(usage);
        if (state == null || state.staple() == null) {
            return null;
        }
        KeyMaterial material = presented.apply(usage);
        if (material == null
                || !state.certificate().equals(material.chain().getFirst())
                || !state.staple().current(clock.instant())) {
            return null;
        }
        return state.staple().der();
    }

    /** What {@code usage}'s listener staples, for status and tests; null when it never had to. */
    State state(Usage usage) {
        return states.get(usage);
    }

    /**
     * Asks for the staples that are due: a new certificate's, one at half of its validity, a retry; with
     * {@code all}, every one now.
     */
    void refresh(Iterable<Usage> usages, boolean all) {
        for (Usage usage : usages) {
            try {
                refresh(usage, all);
            } catch (RuntimeException e) {
                LOG.warn("{}: cannot refresh the OCSP staple: {}", usage, e.toString());
            }
        }
    }

    private void refresh(Usage usage, boolean now) {
        KeyMaterial material = presented.apply(usage);
        if (material == null || material.temporary() || material.issuer() == null) {
            states.remove(usage);
            return;
        }
        X509Certificate certificate = material.chain().getFirst();
        if (!OcspStaple.named(certificate)) {
            states.remove(usage);
            return;
        }
        Instant at = clock.instant();
        State state = states.get(usage);
        boolean sameCertificate = state != null && state.certificate().equals(certificate);
        if (sameCertificate && !now && at.isBefore(state.nextAsk())) {
            if (state.staple() != null && !state.staple().current(at)) {
                states.put(usage, new State(certificate, null, state.nextAsk(), state.error()));
            }
            return;
        }
        OcspStaple kept = sameCertificate ? state.staple() : null;
        try {
            OcspStaple fresh = source.staple(certificate, material.issuer(), at);
            states.put(usage, new State(certificate, fresh, fresh.refreshAt(), null));
            if (state != null && state.error() != null) {
                LOG.info("{}: stapling an OCSP response again", usage);
            }
        } catch (IOException e) {
            // A responder that says revoked or unknown ends the stapling of an earlier good answer.
            OcspStaple still = kept != null && kept.current(at) && !(e instanceof OcspStaple.NotGood) ? kept : null;
            states.put(usage, new State(certificate, still, at.plus(RETRY), e.getMessage()));
            if (state == null || !e.getMessage().equals(state.error())) {
                LOG.warn(
                        "{}: no fresh OCSP response to staple ({}); {}",
                        usage,
                        e.getMessage(),
                        still == null ? "stapling nothing" : "stapling the last good one until " + still.nextUpdate());
            }
        }
    }
}
