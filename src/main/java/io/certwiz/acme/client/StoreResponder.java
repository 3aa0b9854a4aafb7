package io.certwiz.acme.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.shredzone.acme4j.Identifier;

/**
 * Answers through the running certwiz server: publishes answers in the store, where the server finds
 * them whichever process placed the order — http-01 on its plain-HTTP listener ({@link
 * ServerResponders#installHttp01}), tls-alpn-01 on its WebServicesExternal listener ({@link TlsAlpnAnswers}).
 */
final class StoreResponder implements ChallengeResponder {
    /** Long enough for any validation; an answer left behind by a crash expires on its own. */
    static final Duration LIFETIME = Duration.ofHours(1);

    private final AcmeClientStorage storage;
    private final Clock clock;
    private final ChallengeType type;
    private final Map<String, List<String>> tokensByIdentifier = new ConcurrentHashMap<>();

    StoreResponder(AcmeClientStorage storage, Clock clock, ChallengeType type) {
        this.storage = storage;
        this.clock = clock;
        this.type = type;
    }

    @Override
    public String describe() {
        return type == ChallengeType.HTTP_01
                ? "the running certwiz server (/.well-known/acme-challenge/ on its plain-HTTP listener)"
                : "the running certwiz server (acme-tls/1 on its WebServicesExternal listener)";
    }

    @Override
    public void addHttp01(String identifier, String token, String keyAuthorization) {
        publish(token, ChallengeType.HTTP_01, keyAuthorization, identifier);
    }

    @Override
    public void addTlsAlpn01(Identifier identifier, String keyAuthorization) {
        publish(
                TlsAlpnAnswers.token(TlsAlpnCertificate.sniName(identifier)),
                ChallengeType.TLS_ALPN_01,
                keyAuthorization,
                AcmeCa.describe(identifier));
        // The server notices a published tls-alpn-01 answer within PENDING_CHECK_MILLIS (it then makes
        // its handshakes with an engine that negotiates ALPN before choosing the certificate).
        try {
            Thread.sleep(3 * TlsAlpnAnswers.PENDING_CHECK_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void publish(String token, ChallengeType answered, String keyAuthorization, String identifier) {
        Instant expires = clock.instant().plus(LIFETIME);
        storage.store().write(tx -> {
            storage.records().putChallenge(tx, token, answered, keyAuthorization, identifier, expires);
            return null;
        });
        tokensByIdentifier
                .computeIfAbsent(identifier, i -> new CopyOnWriteArrayList<>())
                .add(token);
    }

    @Override
    public void remove(String identifier) {
        List<String> tokens = tokensByIdentifier.remove(identifier);
        if (tokens != null) {
            Instant now = clock.instant();
            storage.store().write(tx -> {
                for (String token : tokens) {
                    storage.records().deleteChallenge(tx, token, now);
                }
                return null;
            });
        }
    }

    @Override
    public void close() {
        for (String identifier : tokensByIdentifier.keySet()) {
            try {
                remove(identifier);
            } catch (RuntimeException ignored) {
                // They expire anyway.
            }
        }
    }
}
