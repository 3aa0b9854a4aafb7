package io.certwiz.acme.client;

import java.security.KeyPair;
import java.security.cert.X509Certificate;

/**
 * Answers an ACME CA's validation requests while an order waits. certwiz has two: the running server
 * (the hook a server implements, see {@link ServerResponders}) and a short-lived responder of its own
 * ({@link StandaloneResponder}). Answers are added before the challenge is triggered and withdrawn
 * when the order is done; {@link #close()} withdraws whatever is left.
 */
public interface ChallengeResponder extends AutoCloseable {
    /** Where validation requests are answered, for progress and error messages. */
    String describe();

    /** Serves {@code keyAuthorization} at {@code /.well-known/acme-challenge/TOKEN}. */
    void addHttp01(String identifier, String token, String keyAuthorization);

    /** Presents {@code certificate} to a TLS client that names {@code domain} and offers acme-tls/1. */
    void addTlsAlpn01(String domain, KeyPair keys, X509Certificate certificate);

    /** Withdraws the answers for one identifier. */
    void remove(String identifier);

    @Override
    void close();
}
