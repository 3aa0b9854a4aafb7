package io.certwiz.acme.server;

import java.util.Arrays;
import java.util.Optional;

/**
 * The problems this server answers with, each an RFC 8555 problem type ({@code urn:ietf:params:acme:error:})
 * and the HTTP status it goes with. A request that is wrong for a reason HTTP names (not found, a
 * conflict, too large, the wrong media type) is {@code malformed} with that status (as Boulder answers
 * not found and conflicts). The validation problems are stored in a failed authorization's challenge.
 */
public enum ProblemType {
    MALFORMED("malformed", 400),
    NOT_FOUND("malformed", 404),
    CONFLICT("malformed", 409),
    TOO_LARGE("malformed", 413),
    UNSUPPORTED_MEDIA_TYPE("malformed", 415),
    UNAUTHORIZED("unauthorized", 403),
    BAD_NONCE("badNonce", 400),
    BAD_CSR("badCSR", 400),
    BAD_PUBLIC_KEY("badPublicKey", 400),
    BAD_SIGNATURE_ALGORITHM("badSignatureAlgorithm", 400),
    BAD_REVOCATION_REASON("badRevocationReason", 400),
    ALREADY_REVOKED("alreadyRevoked", 400),
    ACCOUNT_DOES_NOT_EXIST("accountDoesNotExist", 400),
    EXTERNAL_ACCOUNT_REQUIRED("externalAccountRequired", 400),
    INVALID_CONTACT("invalidContact", 400),
    UNSUPPORTED_CONTACT("unsupportedContact", 400),
    REJECTED_IDENTIFIER("rejectedIdentifier", 400),
    UNSUPPORTED_IDENTIFIER("unsupportedIdentifier", 400),
    ORDER_NOT_READY("orderNotReady", 403),
    SERVER_INTERNAL("serverInternal", 500),
    CONNECTION("connection", 403),
    DNS("dns", 403),
    INCORRECT_RESPONSE("incorrectResponse", 403),
    TLS("tls", 403);

    public static final String PREFIX = "urn:ietf:params:acme:error:";

    private final String id;
    private final int status;

    ProblemType(String id, int status) {
        this.id = id;
        this.status = status;
    }

    /** The short type, such as {@code badNonce}. */
    public String id() {
        return id;
    }

    /** The full type URN. */
    public String urn() {
        return PREFIX + id;
    }

    public int status() {
        return status;
    }

    /** The first problem of type {@code id} in this table (for a type named elsewhere, such as by the validator). */
    static Optional<ProblemType> named(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }
}
