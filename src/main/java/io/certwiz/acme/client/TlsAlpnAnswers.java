package io.certwiz.acme.client;

import io.certwiz.store.Store;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.shredzone.acme4j.Identifier;

/**
 * The running server's tls-alpn-01 answers: the challenge certificate for a server name, made here
 * from the key authorization another process published in the store ({@link StoreResponder}), under a
 * throwaway key of this process. No private key travels through the store.
 */
public final class TlsAlpnAnswers {
    private static final int CACHED = 64;
    /** How stale {@link #pending()} may be; a publisher waits longer than this before the CA validates. */
    static final long PENDING_CHECK_MILLIS = 100;

    private final Store store;
    private final AcmeClientRecords records;
    private final Clock clock;
    private final Map<String, Answer> made = new ConcurrentHashMap<>(); // key authorization -> answer
    private volatile KeyPair keys;
    private volatile boolean pending;
    private volatile long pendingCheckedAt = Long.MIN_VALUE;

    /** A challenge certificate and its key, as the TLS engine presents them. */
    public record Answer(X509Certificate certificate, PrivateKey key) {}

    public TlsAlpnAnswers(Store store, AcmeClientRecords records, Clock clock) {
        this.store = store;
        this.records = records;
        this.clock = clock;
    }

    /** The store token of the tls-alpn-01 answer for an SNI name. */
    static String token(String sniName) {
        return "tls-alpn-01/" + sniName.toLowerCase(Locale.ROOT);
    }

    /** True while any tls-alpn-01 answer is published; read from the store at most every 100 ms. */
    public boolean pending() {
        long now = System.nanoTime();
        if (now - pendingCheckedAt > PENDING_CHECK_MILLIS * 1_000_000L || pendingCheckedAt == Long.MIN_VALUE) {
            try {
                pending = store.read(tx -> records.tlsAlpnPending(tx, clock.instant()));
            } catch (RuntimeException e) {
                // The store is out of reach: handshakes go on as they were.
            }
            pendingCheckedAt = now;
        }
        return pending;
    }

    /** The answer for {@code sniName} while a challenge for it is published, else empty. */
    public Optional<Answer> find(String sniName) {
        if (sniName == null || sniName.isEmpty()) {
            return Optional.empty();
        }
        Optional<PublishedChallenge> found;
        try {
            found = store.read(tx -> records.tlsAlpnAnswer(tx, token(sniName), clock.instant()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        if (made.size() >= CACHED) {
            made.clear();
        }
        return found.map(published -> made.computeIfAbsent(published.keyAuthorization(), keyAuthorization -> {
            KeyPair pair = keys();
            X509Certificate certificate =
                    TlsAlpnCertificate.create(pair, identifier(published.identifier()), keyAuthorization);
            return new Answer(certificate, pair.getPrivate());
        }));
    }

    private KeyPair keys() {
        KeyPair pair = keys;
        if (pair == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = TlsAlpnCertificate.newKeys();
                }
                pair = keys;
            }
        }
        return pair;
    }

    private static Identifier identifier(String described) {
        if (described.startsWith("ip:")) {
            return Identifier.ip(described.substring(3));
        }
        return Identifier.dns(described.startsWith("dns:") ? described.substring(4) : described);
    }
}
