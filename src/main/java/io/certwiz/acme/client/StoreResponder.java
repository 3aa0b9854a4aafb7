package io.certwiz.acme.client;

import io.certwiz.CertwizException;
import io.certwiz.store.Store;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Answers through the running certwiz server: publishes http-01 answers in the store, where the
 * server's {@code /.well-known/acme-challenge/} route ({@link ServerResponders#install}) finds them,
 * whichever process placed the order. A server that answers tls-alpn-01 would implement
 * {@link ChallengeResponder#addTlsAlpn01} the same way.
 */
final class StoreResponder implements ChallengeResponder {
    /** Long enough for any validation; an answer left behind by a crash expires on its own. */
    static final Duration LIFETIME = Duration.ofHours(1);

    private final Store store;
    private final Clock clock;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    StoreResponder(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public String describe() {
        return "the running certwiz server (/.well-known/acme-challenge/ on its WebServicesExternal listener)";
    }

    @Override
    public void addHttp01(String identifier, String token, String keyAuthorization) {
        store.write(tx -> {
            tx.putAcmeChallenge(
                    token, keyAuthorization, identifier, clock.instant().plus(LIFETIME));
            return null;
        });
        tokens.put(identifier, token);
    }

    @Override
    public void addTlsAlpn01(String domain, KeyPair keys, X509Certificate certificate) {
        throw CertwizException.badUsage(
                "the running certwiz server answers http-01 only; for tls-alpn-01 pass" + " --responder ADDR:PORT");
    }

    @Override
    public void remove(String identifier) {
        String token = tokens.remove(identifier);
        if (token != null) {
            store.write(tx -> {
                tx.deleteAcmeChallenge(token, clock.instant());
                return null;
            });
        }
    }

    @Override
    public void close() {
        for (String identifier : tokens.keySet()) {
            try {
                remove(identifier);
            } catch (RuntimeException ignored) {
                // They expire anyway.
            }
        }
    }
}
