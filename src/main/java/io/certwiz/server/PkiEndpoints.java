package io.certwiz.server;

import io.certwiz.Certwiz;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.ca.StoredCrl;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The embedded CA's public PKI endpoints, on the plain-HTTP listener (where the URLs in its certificates
 * point, as RFC 5280 clients fetch them) and on the public listener: its CA certificates and its CRL, DER.
 * They are read from the store, so any server of a pool serves the same ones.
 */
final class PkiEndpoints {
    static final String PREFIX = "/pki/";

    private PkiEndpoints() {}

    static void install(JavalinConfig config, Certwiz certwiz) {
        config.routes.get("/pki/ca/root.crt", ctx -> {
            EmbeddedCa ca = certwiz.embeddedCa();
            ctx.contentType("application/pkix-cert").result(ca.root().getEncoded());
        });
        config.routes.get("/pki/ca/intermediate.crt", ctx -> {
            EmbeddedCa ca = certwiz.embeddedCa();
            ctx.contentType("application/pkix-cert").result(ca.intermediate().getEncoded());
        });
        config.routes.get("/pki/crl/intermediate.crl", ctx -> crl(ctx, certwiz));
    }

    private static void crl(Context ctx, Certwiz certwiz) {
        StoredCrl crl = certwiz.embeddedCa().crls().current();
        Instant now = certwiz.clock().instant();
        // Cacheable until it is signed again (at the latest at half of its validity), never past nextUpdate.
        long maxAge = Math.max(0, Duration.between(now, crl.nextUpdate()).getSeconds() / 2);
        ctx.header("Cache-Control", "public, max-age=" + Math.min(maxAge, 3600));
        ctx.header(
                "Last-Modified",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(crl.thisUpdate().atOffset(ZoneOffset.UTC)));
        ctx.header("ETag", "\"" + crl.number() + "\"");
        ctx.contentType("application/pkix-crl").result(crl.der());
    }
}
