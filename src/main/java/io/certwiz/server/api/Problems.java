package io.certwiz.server.api;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.Problem;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Errors as RFC 9457 problem+json, with the message and problems the CLI prints, worded for the API. */
public final class Problems {
    private Problems() {}

    public static int status(Failure failure) {
        return switch (failure) {
            case BAD_USAGE, ERROR -> 400;
            case REFUSED -> 422;
            case NOT_FOUND -> 404;
        };
    }

    /** A service's failure, worded for the API (its fields, not the CLI's flags: {@link ApiWording}). */
    public static void send(Context ctx, CertwizException failure) {
        CertwizException e = ApiWording.of(failure);
        send(
                ctx,
                status(e.failure()),
                e.failure().name(),
                e.getMessage(),
                e.failure().exitCode(),
                e.problems());
    }

    public static void send(
            Context ctx, int status, String kind, String detail, Integer exitCode, List<Problem> problems) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "type",
                "urn:certwiz:problem:" + kind.toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        body.put("title", kind);
        body.put("status", status);
        body.put("detail", detail);
        if (exitCode != null) {
            body.put("exitCode", exitCode);
        }
        body.put("problems", problems);
        ctx.status(status);
        ctx.json(body);
        ctx.contentType("application/problem+json");
    }
}
