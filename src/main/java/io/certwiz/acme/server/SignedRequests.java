package io.certwiz.acme.server;

import com.nimbusds.jose.jwk.JWK;
import io.certwiz.store.Store;
import io.javalin.http.Context;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Verifies an ACME POST (RFC 8555 6.2 to 6.5): the media type, a flattened JWS signed by the key in its
 * 'jwk' header or by the account its 'kid' names, the 'url' it was sent to, and a fresh nonce.
 */
final class SignedRequests {
    /** Larger bodies are refused: an ACME request is a few kilobytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    /** How a request names its key. */
    enum KeyMode {
        JWK,
        KID,
        EITHER
    }

    private final AcmeServerStorage storage;
    private final ReplayNonces nonces;

    SignedRequests(AcmeServerStorage storage, ReplayNonces nonces) {
        this.storage = storage;
        this.nonces = nonces;
    }

    SignedRequest verify(Context ctx, String base, KeyMode mode) throws IOException {
        return verify(ctx, base, mode, null);
    }

    /** Verifies the request; {@code preload} is read in the transaction that reads the account. */
    SignedRequest verify(Context ctx, String base, KeyMode mode, Store.Work<?> preload) throws IOException {
        String contentType = ctx.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/jose+json")) {
            throw new AcmeProblem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "ACME requests are application/jose+json");
        }
        return verify(readBody(ctx), base, base + ctx.path(), mode, preload);
    }

    /** Verifies a request body that was sent to {@code url}; every refusal is an {@link AcmeProblem}. */
    SignedRequest verify(byte[] body, String base, String url, KeyMode mode, Store.Work<?> preload) {
        Jws.Signed jws = Jws.parse(body, Jws.ACCOUNT_ALGORITHMS);
        AcmeAccount account = null;
        Object preloaded = null;
        JWK key;
        if (jws.jwk() != null) {
            if (mode == KeyMode.KID) {
                throw AcmeProblem.malformed("this request must name its account with 'kid', not carry a 'jwk'");
            }
            Jws.checkAccountKey(jws.jwk());
            key = jws.jwk();
        } else if (jws.kid() != null) {
            if (mode == KeyMode.JWK) {
                throw AcmeProblem.malformed("this request must carry the account's public key as 'jwk', not a 'kid'");
            }
            String id = accountId(base, jws.kid());
            Object[] read = storage.store().read(tx -> new Object[] {
                storage.records().account(tx, id).orElse(null), preload == null ? null : preload.run(tx)
            });
            if (read[0] == null) {
                throw new AcmeProblem(ProblemType.ACCOUNT_DOES_NOT_EXIST, "there is no account " + jws.kid());
            }
            account = (AcmeAccount) read[0];
            preloaded = read[1];
            key = null;
        } else {
            throw AcmeProblem.malformed("the JWS protected header has neither 'jwk' nor 'kid'");
        }
        if (!(account == null ? Jws.verify(jws, key) : Jws.verify(jws, account.jwk()))) {
            throw AcmeProblem.malformed(
                    account == null
                            ? "the JWS signature does not verify with the key in its 'jwk' header"
                            : "the JWS signature does not verify with the key of account " + jws.kid());
        }
        if (jws.url() == null) {
            throw AcmeProblem.malformed("the JWS protected header has no 'url'");
        }
        if (!jws.url().equals(url)) {
            throw AcmeProblem.unauthorized(
                    "the JWS 'url' header is " + jws.url() + ", not the URL it was sent to, " + url);
        }
        if (!nonces.consume(jws.nonce())) {
            throw AcmeProblem.badNonce(
                    jws.nonce() == null
                            ? "the JWS protected header has no 'nonce'"
                            : "the nonce was not given out by this server, was used already, or expired");
        }
        if (account != null && !account.valid()) {
            throw AcmeProblem.unauthorized(
                    "the account " + jws.kid() + " is " + account.status().id());
        }
        if (account == null && preload != null) {
            preloaded = storage.store().read(preload);
        }
        return new SignedRequest(jws, account, key, url, preloaded);
    }

    private static byte[] readBody(Context ctx) throws IOException {
        long declared = ctx.req().getContentLengthLong();
        try (InputStream in = ctx.bodyInputStream()) {
            if (declared > MAX_BODY_BYTES) {
                // Read what a client already sent (within reason), so that it sees the answer.
                if (declared <= 4L * 1024 * 1024) {
                    in.skipNBytes(declared);
                }
                throw tooLarge();
            }
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge();
            }
            return body;
        } catch (EOFException e) {
            throw tooLarge();
        }
    }

    private static AcmeProblem tooLarge() {
        return new AcmeProblem(ProblemType.TOO_LARGE, "the request body is larger than " + MAX_BODY_BYTES + " bytes");
    }

    /** The account id in a 'kid', which must be an account URL of this server. */
    static String accountId(String base, String kid) {
        String prefix = base + AcmeServer.ACCOUNT;
        if (!kid.startsWith(prefix) || kid.length() == prefix.length() || kid.indexOf('/', prefix.length()) >= 0) {
            throw new AcmeProblem(
                    ProblemType.ACCOUNT_DOES_NOT_EXIST, "the 'kid' " + kid + " is not an account URL of this server");
        }
        return kid.substring(prefix.length());
    }
}
