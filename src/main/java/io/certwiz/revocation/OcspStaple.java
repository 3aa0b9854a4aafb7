package io.certwiz.revocation;

import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;

/**
 * An OCSP response fit to staple in a TLS handshake (RFC 6066 status_request): it says good, it is about
 * this certificate, signed by its issuer or a responder the issuer authorized, and current. It is asked
 * for again at half of its validity ({@link #refreshAt}) and served until its nextUpdate.
 */
public record OcspStaple(byte[] der, Instant thisUpdate, Instant nextUpdate) {
    /** How long a response without a nextUpdate is stapled before it is asked for again. */
    static final Duration WITHOUT_NEXT_UPDATE = Duration.ofHours(1);

    /** The responder answered, and its answer is not good: revoked or unknown. */
    public static final class NotGood extends IOException {
        public NotGood(String status) {
            super("the responder says the certificate is " + status);
        }
    }

    /** Checks {@code der} (a DER OCSPResponse) as a staple for {@code certificate}; an IOException says why not. */
    public static OcspStaple check(byte[] der, X509Certificate certificate, X509Certificate issuer, Instant at)
            throws IOException {
        OcspClient.Answer answer = OcspClient.read(der, certificate, issuer, at, null);
        if (!CertificateRevocation.GOOD.equals(answer.status())) {
            throw new NotGood(answer.status());
        }
        return new OcspStaple(der, answer.thisUpdate(), answer.nextUpdate());
    }

    /** The DER OCSPRequest for {@code certificate} (SHA-1 certificate ID, no nonce: the answer is shared). */
    public static byte[] request(X509Certificate certificate, X509Certificate issuer) throws IOException {
        try {
            return new OCSPReqBuilder()
                    .addRequest(OcspClient.id(certificate, issuer))
                    .build()
                    .getEncoded();
        } catch (Exception e) {
            throw new IOException("cannot make the OCSP request: " + e.getMessage(), e);
        }
    }

    /** Asks the responders {@code certificate} names, in turn, for a staple. */
    public static OcspStaple fetch(Fetcher fetcher, X509Certificate certificate, X509Certificate issuer, Instant at)
            throws IOException {
        List<String> urls = RevocationChecker.ocspUrls(certificate);
        IOException last = new IOException("the certificate names no OCSP responder");
        byte[] request = request(certificate, issuer);
        for (String url : urls) {
            try {
                byte[] response = fetcher.post(
                        URI.create(url), "application/ocsp-request", request, OcspClient.MAX_RESPONSE_BYTES);
                return check(response, certificate, issuer, at);
            } catch (NotGood e) {
                throw e;
            } catch (IOException | IllegalArgumentException e) {
                last = new IOException(url + ": " + e.getMessage(), e);
            }
        }
        throw last;
    }

    /** Whether {@code certificate} names an OCSP responder at all. */
    public static boolean named(X509Certificate certificate) {
        return !RevocationChecker.ocspUrls(certificate).isEmpty();
    }

    /** When to ask again: half-way from thisUpdate to nextUpdate. */
    public Instant refreshAt() {
        if (nextUpdate == null) {
            return thisUpdate.plus(WITHOUT_NEXT_UPDATE);
        }
        return thisUpdate.plus(Duration.between(thisUpdate, nextUpdate).dividedBy(2));
    }

    /** Whether it may still be stapled at {@code at}. */
    public boolean current(Instant at) {
        Instant until = nextUpdate == null ? thisUpdate.plus(WITHOUT_NEXT_UPDATE.multipliedBy(2)) : nextUpdate;
        return at.isBefore(until);
    }
}
