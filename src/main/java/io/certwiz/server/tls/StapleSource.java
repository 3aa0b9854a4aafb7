package io.certwiz.server.tls;

import io.certwiz.revocation.OcspStaple;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Instant;

/** Where a listener gets the OCSP response it staples for its certificate: a checked, good answer. */
@FunctionalInterface
public interface StapleSource {
    OcspStaple staple(X509Certificate certificate, X509Certificate issuer, Instant at) throws IOException;

    /** No stapling. */
    StapleSource NONE = (certificate, issuer, at) -> {
        throw new IOException("stapling is off");
    };
}
