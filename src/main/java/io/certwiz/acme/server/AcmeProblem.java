package io.certwiz.acme.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 8555 problem document ({@code urn:ietf:params:acme:error:TYPE}, RFC 7807 fields) raised by a
 * request handler; it is sent as {@code application/problem+json} and the request changes nothing.
 */
public final class AcmeProblem extends RuntimeException {
    public static final String PREFIX = "urn:ietf:params:acme:error:";

    private final String type;
    private final int status;
    private final List<Map<String, Object>> subproblems;
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public AcmeProblem(String type, int status, String detail) {
        this(type, status, detail, List.of());
    }

    public AcmeProblem(String type, int status, String detail, List<Map<String, Object>> subproblems) {
        super(detail);
        this.type = type;
        this.status = status;
        this.subproblems = List.copyOf(subproblems);
    }

    /** The short type, such as {@code badNonce}. */
    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    /** Adds a member to the document, such as {@code algorithms} for badSignatureAlgorithm. */
    AcmeProblem with(String name, Object value) {
        extra.put(name, value);
        return this;
    }

    /** Adds a response header, such as {@code Location} for a key-change conflict. */
    AcmeProblem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** The problem document as JSON members. */
    public Map<String, Object> document() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", PREFIX + type);
        body.put("detail", getMessage());
        body.put("status", status);
        body.putAll(extra);
        if (!subproblems.isEmpty()) {
            body.put("subproblems", subproblems);
        }
        return body;
    }

    /** A subproblem about one identifier (RFC 8555 6.7.1). */
    static Map<String, Object> subproblem(String type, String detail, String dnsName) {
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("type", PREFIX + type);
        sub.put("detail", detail);
        sub.put("identifier", Map.of("type", "dns", "value", dnsName));
        return sub;
    }

    static AcmeProblem malformed(String detail) {
        return new AcmeProblem("malformed", 400, detail);
    }

    static AcmeProblem unauthorized(String detail) {
        return new AcmeProblem("unauthorized", 403, detail);
    }

    static AcmeProblem notFound(String detail) {
        return new AcmeProblem("malformed", 404, detail);
    }

    static AcmeProblem badNonce(String detail) {
        return new AcmeProblem("badNonce", 400, detail);
    }

    static AcmeProblem badCsr(String detail) {
        return new AcmeProblem("badCSR", 400, detail);
    }

    static AcmeProblem serverInternal(String detail) {
        return new AcmeProblem("serverInternal", 500, detail);
    }
}
