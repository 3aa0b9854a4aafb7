package io.certwiz.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The web server's own refusals, made before any route runs (a header too large, a path with a NUL or
 * an ambiguous encoding), as problem+json like every other API error, instead of Jetty's HTML page.
 */
public final class ProblemErrorHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROBLEM_JSON = "application/problem+json";

    /** The body of a refusal with this status: the status's name, and Jetty's reason when it has one. */
    static byte[] body(int status, String reason) {
        String title = HttpStatus.getMessage(status);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "type",
                "urn:certwiz:problem:"
                        + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        body.put("title", title);
        body.put("status", status);
        body.put(
                "detail",
                reason == null || reason.isBlank()
                        ? title
                        : reason.lines().findFirst().orElse(title));
        body.put("problems", List.of());
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a problem", e);
        }
    }

    @Override
    protected void generateResponse(
            Request request, Response response, int code, String message, Throwable cause, Callback callback) {
        byte[] body = body(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
