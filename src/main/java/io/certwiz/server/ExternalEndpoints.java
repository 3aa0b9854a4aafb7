package io.certwiz.server;

import io.certwiz.Certwiz;
import io.certwiz.acme.client.ChallengeType;
import io.certwiz.acme.client.ServerResponders;
import io.javalin.config.JavalinConfig;
import java.util.Map;

/** Public endpoints on WebServicesExternal: health, the embedded CA's certificates and its CRL, the JWKS. */
final class ExternalEndpoints {
    private ExternalEndpoints() {}

    static void install(JavalinConfig config, Certwiz certwiz, io.certwiz.ca.OcspResponder ocsp) {
        config.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        // tls-alpn-01 answers for certwiz's own ACME requests are given by this listener's TLS layer.
        ServerResponders.markUpWhileRunning(config, certwiz.data(), ChallengeType.TLS_ALPN_01);
        // OAuthTokenIssuer's published keys: the current one, a staged next one, the previous one until it expires.
        config.routes.get(
                "/.well-known/jwks.json",
                ctx -> ctx.header("Cache-Control", "public, max-age=60")
                        .contentType("application/jwk-set+json")
                        .result(certwiz.tokens().jwks()));
        PkiEndpoints.install(config, certwiz, ocsp);
    }
}
