package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.revocation.RevocationCache;
import io.certwiz.store.Transaction;
import org.junit.jupiter.api.Test;

/** Fetched CRLs and OCSP responses: found until their next update, replaced by a newer fetch, swept after. */
class SqlRevocationCacheTest extends StorageContract {
    private final RevocationCache cache = new SqlRevocationCache();

    @Test
    void keptUntilTheNextUpdate() {
        String url = "http://crl.example.com/ca.crl";
        store.write(tx -> {
            cache.put(tx, url, "crl", T0, T1, bytes("first"));
            cache.put(tx, "ocsp other", "ocsp", T0, T0.plusMillis(1), bytes("ocsp"));
            return null;
        });
        assertThat(store.read((Transaction tx) -> cache.find(tx, url, T0))).hasValue(bytes("first"));
        assertThat(store.read((Transaction tx) -> cache.find(tx, url, T1))).isEmpty();
        assertThat(store.read((Transaction tx) -> cache.find(tx, "http://other", T0)))
                .isEmpty();

        store.write(tx -> {
            cache.put(tx, url, "crl", T1, T1.plusSeconds(60), bytes("second"));
            return null;
        });
        assertThat(store.read((Transaction tx) -> cache.find(tx, url, T1))).hasValue(bytes("second"));
        assertThat(store.write((Transaction tx) -> cache.sweep(tx, T1))).isEqualTo(1);
        assertThat(store.read((Transaction tx) -> cache.find(tx, url, T1))).hasValue(bytes("second"));
    }
}
