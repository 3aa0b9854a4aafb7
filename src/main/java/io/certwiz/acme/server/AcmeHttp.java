package io.certwiz.acme.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.CertwizException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side every ACME resource shares: each answer gets a fresh Replay-Nonce, no caching and the
 * directory's link; a refused request is answered with its problem document; JSON in and out.
 */
final class AcmeHttp {
    private static final Logger LOG = LoggerFactory.getLogger(AcmeHttp.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final ObjectMapper JSON = new ObjectMapper();

    /** A resource's handler: {@code base} is the scheme, name and port its URLs start with. */
    @FunctionalInterface
    interface Endpoint {
        void handle(Context ctx, String base) throws Exception;
    }

    private final ReplayNonces nonces;
    private final Supplier<String> base;

    AcmeHttp(ReplayNonces nonces, Supplier<String> base) {
        this.nonces = nonces;
        this.base = base;
    }

    Handler endpoint(Endpoint endpoint) {
        return ctx -> {
            String base = this.base.get();
            ctx.header("Replay-Nonce", nonces.next());
            ctx.header("Cache-Control", "no-store");
            ctx.res().addHeader("Link", "<" + base + AcmeServer.DIRECTORY + ">;rel=\"index\"");
            try {
                endpoint.handle(ctx, base);
            } catch (AcmeProblem problem) {
                send(ctx, problem);
            } catch (CertwizException e) {
                LOG.warn("ACME request {} {} failed: {}", ctx.method(), ctx.path(), e.getMessage());
                send(ctx, AcmeProblem.serverInternal(e.getMessage()));
            } catch (Exception e) {
                LOG.error("ACME request {} {} failed", ctx.method(), ctx.path(), e);
                send(
                        ctx,
                        AcmeProblem.serverInternal(
                                "the server failed: " + e.getClass().getSimpleName()));
            }
        };
    }

    private static void send(Context ctx, AcmeProblem problem) {
        problem.headers().forEach(ctx::header);
        ctx.status(problem.status());
        ctx.contentType("application/problem+json");
        ctx.result(json(problem.document()));
    }

    static void sendJson(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(json(body));
    }

    static byte[] json(Object body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A stored problem document; text that is not JSON as a string. */
    static JsonNode parseJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }

    /** A new random id of {@code bytes} bytes, base64url. */
    static String newId(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** A time as the ACME resources show it, in whole seconds. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
