package io.certwiz.server;

import io.certwiz.Certwiz;
import io.certwiz.acme.client.ChallengeType;
import io.certwiz.acme.client.ServerResponders;
import io.javalin.config.JavalinConfig;
import java.util.Map;

/** Public endpoints on WebServicesExternal: health, the embedded CA's certificates and its CRL. */
final class ExternalEndpoints {
    private ExternalEndpoints() {}

    static void install(JavalinConfig config, Certwiz certwiz, io.certwiz.ca.OcspResponder ocsp) {
        config.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        // tls-alpn-01 answers for certwiz's own ACME requests are given by this listener's TLS layer.
        ServerResponders.markUpWhileRunning(config, certwiz, ChallengeType.TLS_ALPN_01);
        PkiEndpoints.install(config, certwiz, ocsp);
    }
}
