package io.certwiz.server;

import io.certwiz.ca.OcspResponder;
import io.certwiz.revocation.Fetcher;
import io.certwiz.revocation.OcspStaple;
import io.certwiz.server.tls.StapleSource;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;

/**
 * Where the listeners get their staples: the embedded CA's responder in this process for what its issuing
 * CA issued (no network, the same signed answer its OCSP URL serves), else the responder the certificate
 * names, over HTTP. Either answer is checked the same way before it is stapled.
 */
final class OcspStaples implements StapleSource {
    private final OcspResponder embedded;
    private final X509Certificate embeddedIssuer;
    private final Fetcher fetcher;

    OcspStaples(OcspResponder embedded, X509Certificate embeddedIssuer, Fetcher fetcher) {
        this.embedded = embedded;
        this.embeddedIssuer = embeddedIssuer;
        this.fetcher = fetcher;
    }

    @Override
    public OcspStaple staple(X509Certificate certificate, X509Certificate issuer, Instant at) throws IOException {
        if (issuer.equals(embeddedIssuer)) {
            byte[] response = embedded.respond(OcspStaple.request(certificate, issuer));
            return OcspStaple.check(response, certificate, issuer, at);
        }
        return OcspStaple.fetch(fetcher, certificate, issuer, at);
    }
}
