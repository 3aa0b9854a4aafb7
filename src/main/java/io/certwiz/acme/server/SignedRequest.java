package io.certwiz.acme.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.JWK;

/**
 * A POST whose JWS verified, whose URL matched and whose nonce was good, with what the handler asked to
 * read along with the account (one read transaction for both).
 */
record SignedRequest(Jws.Signed jws, AcmeAccount account, JWK headerKey, String url, Object preloaded) {
    /** The key that signed: the 'jwk' header's, or the account's. */
    JWK key() {
        return headerKey != null ? headerKey : Jws.parseJwk(account.jwk());
    }

    @SuppressWarnings("unchecked")
    <T> T loaded() {
        return (T) preloaded;
    }

    JsonNode payload() {
        return jws.payloadJson();
    }

    boolean postAsGet() {
        return jws.emptyPayload();
    }

    /** Refuses the request unless its account owns the resource. */
    void requireOwner(String accountId, String what) {
        if (!account.id().equals(accountId)) {
            throw AcmeProblem.unauthorized("the " + what + " belongs to another account");
        }
    }

    void requirePostAsGet() {
        if (!postAsGet()) {
            throw AcmeProblem.malformed("this resource is read with POST-as-GET: an empty payload");
        }
    }
}
