package io.certwiz.acme.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An RFC 8555 problem document (RFC 7807 fields) raised by a request handler; it is sent as {@code
 * application/problem+json} with its type's HTTP status, and the request changes nothing.
 */
public final class AcmeProblem extends RuntimeException {
    private final ProblemType type;
    private final List<Map<String, Object>> subproblems;
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();

    public AcmeProblem(ProblemType type, String detail) {
        this(type, detail, List.of());
    }

    public AcmeProblem(ProblemType type, String detail, List<Map<String, Object>> subproblems) {
        super(io.certwiz.Problem.oneLine(detail));
        this.type = type;
        this.subproblems = List.copyOf(subproblems);
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return type.status();
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
        body.put("type", type.urn());
        body.put("detail", getMessage());
        body.put("status", type.status());
        body.putAll(extra);
        if (!subproblems.isEmpty()) {
            body.put("subproblems", subproblems);
        }
        return body;
    }

    /** A problem about one DNS name, as a subproblem (RFC 8555 6.7.1) or an authorization's error. */
    static Map<String, Object> about(ProblemType type, String detail, String dnsName, boolean withStatus) {
        Map<String, Object> sub = new LinkedHashMap<>();
        sub.put("type", type.urn());
        sub.put("detail", detail);
        if (withStatus) {
            sub.put("status", type.status());
        }
        sub.put("identifier", Map.of("type", "dns", "value", dnsName));
        return sub;
    }

    static AcmeProblem malformed(String detail) {
        return new AcmeProblem(ProblemType.MALFORMED, detail);
    }

    static AcmeProblem unauthorized(String detail) {
        return new AcmeProblem(ProblemType.UNAUTHORIZED, detail);
    }

    static AcmeProblem notFound(String detail) {
        return new AcmeProblem(ProblemType.NOT_FOUND, detail);
    }

    static AcmeProblem badNonce(String detail) {
        return new AcmeProblem(ProblemType.BAD_NONCE, detail);
    }

    static AcmeProblem badCsr(String detail) {
        return new AcmeProblem(ProblemType.BAD_CSR, detail);
    }

    static AcmeProblem serverInternal(String detail) {
        return new AcmeProblem(ProblemType.SERVER_INTERNAL, detail);
    }
}
