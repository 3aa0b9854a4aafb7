package io.certwiz.revocation;

import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where CRLs and OCSP responses of outside CAs come from: this process's memory, then the store's cache
 * ({@link RevocationCache}, shared by a pool), then the URL; each kept until its nextUpdate (a CRL without
 * one for an hour). A store that cannot be read (verify without a data directory) is skipped.
 */
public final class RevocationSources {
    private static final Logger LOG = LoggerFactory.getLogger(RevocationSources.class);
    static final int MAX_CRL_BYTES = 20 * 1024 * 1024;
    static final Duration WITHOUT_NEXT_UPDATE = Duration.ofHours(1);
    static final int MAX_IN_MEMORY = 256;

    private record Kept(byte[] der, Instant nextUpdate) {}

    private final Store store;
    private final RevocationCache cache;
    private final Fetcher fetcher;
    private final Clock clock;
    private final Map<String, Kept> memory = new ConcurrentHashMap<>();

    public RevocationSources(Store store, RevocationCache cache, Fetcher fetcher, Clock clock) {
        this.store = store;
        this.cache = cache;
        this.fetcher = fetcher;
        this.clock = clock;
    }

    Fetcher fetcher() {
        return fetcher;
    }

    /** The CRL at {@code url}, from a cache while it is current, else fetched; an IOException says why not. */
    X509CRL crl(String url) throws IOException {
        Instant now = clock.instant();
        byte[] der = kept(url, now).orElse(null);
        if (der != null) {
            try {
                return parseCrl(der);
            } catch (IOException e) {
                memory.remove(url);
            }
        }
        byte[] fetched = fetcher.get(URI.create(url), MAX_CRL_BYTES);
        X509CRL crl = parseCrl(fetched);
        Instant next = crl.getNextUpdate() == null
                ? now.plus(WITHOUT_NEXT_UPDATE)
                : crl.getNextUpdate().toInstant();
        if (next.isAfter(now)) {
            keep(url, "crl", now, next, fetched);
        }
        return crl;
    }

    /** A kept OCSP response for {@code key}, while current. */
    Optional<byte[]> ocsp(String key) {
        return kept(key, clock.instant());
    }

    void keepOcsp(String key, Instant nextUpdate, byte[] der) {
        Instant now = clock.instant();
        if (nextUpdate != null && nextUpdate.isAfter(now)) {
            keep(key, "ocsp", now, nextUpdate, der);
        }
    }

    private Optional<byte[]> kept(String key, Instant now) {
        Kept inMemory = memory.get(key);
        if (inMemory != null && inMemory.nextUpdate().isAfter(now)) {
            return Optional.of(inMemory.der());
        }
        try {
            Optional<byte[]> stored = store.read((Transaction tx) -> cache.find(tx, key, now));
            return stored;
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private void keep(String key, String kind, Instant now, Instant next, byte[] der) {
        if (der == null) {
            return;
        }
        if (memory.size() >= MAX_IN_MEMORY) {
            memory.clear();
        }
        memory.put(key, new Kept(der, next));
        try {
            store.write((Transaction tx) -> {
                cache.put(tx, key, kind, now, next, der);
                cache.sweep(tx, now);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.debug("cannot keep {} in the store: {}", key, e.getMessage());
        }
    }

    /** A CRL in DER or PEM. */
    public static X509CRL parseCrl(byte[] bytes) throws IOException {
        try {
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(bytes));
        } catch (CRLException | CertificateException | RuntimeException e) {
            throw new IOException("not a CRL: " + e.getMessage(), e);
        }
    }

    /** Every CRL in a file's content: one DER CRL, or PEM with one or more. */
    public static List<X509CRL> parseCrls(byte[] bytes) throws IOException {
        try {
            return CertificateFactory.getInstance("X.509").generateCRLs(new ByteArrayInputStream(bytes)).stream()
                    .map(X509CRL.class::cast)
                    .toList();
        } catch (CRLException | CertificateException | RuntimeException e) {
            throw new IOException("not a CRL: " + e.getMessage(), e);
        }
    }
}
