package io.certwiz.acme.client;

import org.shredzone.acme4j.Identifier;

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

    /**
     * Presents the tls-alpn-01 certificate for {@code identifier} ({@link TlsAlpnCertificate}) to a TLS
     * client that names it by SNI and offers acme-tls/1.
     */
    void addTlsAlpn01(Identifier identifier, String keyAuthorization);

    /** Withdraws the answers for one identifier ({@code dns:NAME} or {@code ip:ADDRESS}). */
    void remove(String identifier);

    @Override
    void close();
}
