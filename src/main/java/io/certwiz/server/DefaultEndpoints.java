package io.certwiz.server;

import io.certwiz.x509.Thumbprint;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Default listener's endpoints, behind mutual TLS (the handshake already refused anyone without a
 * trusted clientAuth certificate): health, and the peer's identity as this server sees it.
 */
final class DefaultEndpoints {
    private DefaultEndpoints() {}

    static void install(JavalinConfig config) {
        config.routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")));
        config.routes.get("/peer", DefaultEndpoints::peer);
    }

    private static void peer(Context ctx) {
        Object attribute = ctx.req().getAttribute("jakarta.servlet.request.X509Certificate");
        if (!(attribute instanceof X509Certificate[] chain) || chain.length == 0) {
            ctx.status(401).json(Map.of("error", "no client certificate"));
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subject", chain[0].getSubjectX500Principal().getName());
        body.put("issuer", chain[0].getIssuerX500Principal().getName());
        body.put("thumbprint", Thumbprint.of(chain[0]).hex());
        ctx.json(body);
    }
}
