package io.certwiz.server;

import io.certwiz.Certwiz;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.ca.OcspResponder;
import io.certwiz.ca.StoredCrl;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * The embedded CA's public PKI endpoints, on the plain-HTTP listener (where the URLs in its certificates
 * point, as RFC 5280 clients fetch them) and on the public listener: its CA certificates and its CRL, DER,
 * and its OCSP responder. They are read from the store, so any server of a pool serves the same ones.
 */
final class PkiEndpoints {
    static final String PREFIX = "/pki/";
    static final long OCSP_MAX_AGE_SECONDS = 60;

    private PkiEndpoints() {}

    static void install(JavalinConfig config, Certwiz certwiz, OcspResponder ocsp) {
        config.routes.get("/pki/ca/root.crt", ctx -> {
            EmbeddedCa ca = certwiz.embeddedCa();
            ctx.contentType("application/pkix-cert").result(ca.root().getEncoded());
        });
        config.routes.get("/pki/ca/intermediate.crt", ctx -> {
            EmbeddedCa ca = certwiz.embeddedCa();
            ctx.contentType("application/pkix-cert").result(ca.intermediate().getEncoded());
        });
        config.routes.get("/pki/crl/intermediate.crl", ctx -> crl(ctx, certwiz));
        // RFC 6960 A.1: POST with the DER request, or GET with it base64 and URL-encoded in the path.
        config.routes.post("/pki/ocsp", ctx -> {
            if (!"application/ocsp-request"
                    .equalsIgnoreCase(String.valueOf(ctx.contentType()).strip())) {
                ctx.status(415).result("an OCSP request is application/ocsp-request");
                return;
            }
            ocsp(ctx, ocsp.respond(ctx.bodyAsBytes()), false);
        });
        config.routes.get("/pki/ocsp/<request>", ctx -> {
            byte[] request;
            try {
                // Javalin has URL-decoded the path parameter already; a '+' left raw may have become a space.
                request = Base64.getDecoder().decode(ctx.pathParam("request").replace(' ', '+'));
            } catch (IllegalArgumentException e) {
                request = new byte[0];
            }
            ocsp(ctx, ocsp.respond(request), true);
        });
    }

    private static void ocsp(Context ctx, byte[] response, boolean get) {
        if (get) {
            // RFC 5019 6.2: a GET response may be cached (the responses are signed ahead, without a nonce).
            ctx.header("Cache-Control", "public, max-age=" + OCSP_MAX_AGE_SECONDS);
        }
        ctx.contentType("application/ocsp-response").result(response);
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
