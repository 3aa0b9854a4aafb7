package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.crypto.KeyOwner;
import io.certwiz.crypto.StoredKey;
import io.certwiz.store.Transaction;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The private keys' storage contract, on SQLite and on PostgreSQL. */
class SqlKeyRecordsTest extends StorageContract {
    @Test
    void keysRoundTripBinaryBytesAndBooleans() {
        byte[] publicKey = new byte[256];
        byte[] sealed = new byte[300];
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] = (byte) i;
            if (i < publicKey.length) {
                publicKey[i] = (byte) (255 - i);
            }
        }
        long exportable = store.write(tx -> keys.add(tx, KeyOwner.CERTIFICATE, "RSA", publicKey, sealed, true, T0));
        long fixed = store.write(tx -> keys.add(tx, KeyOwner.CA_ISSUING, "EC", bytes("p"), bytes("s"), false, T1));
        assertThat(exportable).isPositive();
        assertThat(fixed).isGreaterThan(exportable);

        StoredKey key =
                store.read((Transaction tx) -> keys.find(tx, exportable)).orElseThrow();
        assertThat(key.id()).isEqualTo(exportable);
        assertThat(key.algorithm()).isEqualTo("RSA");
        assertThat(key.publicKey()).isEqualTo(publicKey);
        assertThat(key.sealed()).isEqualTo(sealed);
        assertThat(key.exportable()).isTrue();
        assertThat(key.owner()).isEqualTo(KeyOwner.CERTIFICATE);
        assertThat(key.createdAt()).isEqualTo(T0);

        StoredKey other = store.read((Transaction tx) -> keys.find(tx, fixed)).orElseThrow();
        assertThat(other.exportable()).isFalse();
        assertThat(other.owner()).isEqualTo(KeyOwner.CA_ISSUING);
        assertThat(other.createdAt()).isEqualTo(T1);
        assertThat(other.sealed()).isEqualTo(bytes("s"));

        assertThat(store.read((Transaction tx) -> keys.find(tx, fixed + 1000))).isEmpty();
        store.write(tx -> {
            keys.delete(tx, exportable);
            return null;
        });
        assertThat(store.read((Transaction tx) -> keys.find(tx, exportable))).isEmpty();
        assertThat(store.read((Transaction tx) -> keys.find(tx, fixed))).isPresent();
    }

    @Test
    void aKeyInUseCannotBeDeleted() {
        long certificateKey = store.write(this::key);
        long requestKey = store.write(this::key);
        store.write(tx -> {
            new SqlCertificateRecords().put(tx, LEAF_A.certificate(), TrustStore.personal, null, certificateKey, T0);
            new SqlPendingRequests().add(tx, "csr", requestKey, List.of(Usage.Default), null, "offline", T0);
            return null;
        });
        assertRefused(tx -> {
            keys.delete(tx, certificateKey);
            return null;
        });
        assertRefused(tx -> {
            keys.delete(tx, requestKey);
            return null;
        });
        assertThat(store.read((Transaction tx) -> keys.find(tx, certificateKey)))
                .isPresent();
        assertThat(store.read((Transaction tx) -> keys.find(tx, requestKey))).isPresent();
    }

    @Test
    void allListsEveryKeyByIdWithItsBytes() {
        assertThat(store.read((Transaction tx) -> keys.all(tx))).isEmpty();
        long first = store.write(tx -> keys.add(tx, KeyOwner.CA_ROOT, "EC", bytes("p1"), bytes("s1"), false, T0));
        long second = store.write(tx -> keys.add(tx, KeyOwner.CERTIFICATE, "RSA", bytes("p2"), bytes("s2"), true, T1));
        long third = store.write(tx -> keys.add(tx, KeyOwner.ACME_ACCOUNT, "EC", bytes("p3"), bytes("s3"), false, T1));
        store.write(tx -> {
            keys.delete(tx, second);
            return null;
        });
        List<StoredKey> all = store.read((Transaction tx) -> keys.all(tx));
        assertThat(all).extracting(StoredKey::id).containsExactly(first, third);
        assertThat(all.get(1).algorithm()).isEqualTo("EC");
        assertThat(all.get(1).publicKey()).isEqualTo(bytes("p3"));
        assertThat(all.get(1).sealed()).isEqualTo(bytes("s3"));
        assertThat(all.get(1).createdAt()).isEqualTo(T1);
        assertThat(all.get(1).owner()).isEqualTo(KeyOwner.ACME_ACCOUNT);
    }

    @Test
    void resealReplacesOnlyTheSealedBytesOfOneKey() {
        long first = store.write(tx -> keys.add(tx, KeyOwner.CERTIFICATE, "EC", bytes("p1"), bytes("s1"), true, T0));
        long second = store.write(tx -> keys.add(tx, KeyOwner.CERTIFICATE, "EC", bytes("p2"), bytes("s2"), false, T0));
        store.write(tx -> {
            keys.reseal(tx, first, bytes("new"));
            return null;
        });
        StoredKey resealed =
                store.read((Transaction tx) -> keys.find(tx, first)).orElseThrow();
        assertThat(resealed.sealed()).isEqualTo(bytes("new"));
        assertThat(resealed.publicKey()).isEqualTo(bytes("p1"));
        assertThat(resealed.exportable()).isTrue();
        assertThat(store.read((Transaction tx) -> keys.find(tx, second))
                        .orElseThrow()
                        .sealed())
                .isEqualTo(bytes("s2"));
    }

    @Test
    void aTokenKeyKeepsItsUriAndIsNeverExportable() {
        String uri = "pkcs11:token=certwiz;id=%63%77;type=private";
        long software = store.write(tx -> keys.add(tx, KeyOwner.CERTIFICATE, "EC", bytes("p1"), bytes("s1"), true, T0));
        long onToken = store.write(tx -> keys.addOnToken(tx, KeyOwner.CA_ISSUING, "EC", bytes("p2"), uri, T1));

        StoredKey token = store.read((Transaction tx) -> keys.find(tx, onToken)).orElseThrow();
        assertThat(token.onToken()).isTrue();
        assertThat(token.tokenUri()).isEqualTo(uri);
        assertThat(token.exportable()).isFalse();
        assertThat(token.sealed()).isEmpty();
        assertThat(token.publicKey()).isEqualTo(bytes("p2"));
        assertThat(token.createdAt()).isEqualTo(T1);
        assertThat(token.owner()).isEqualTo(KeyOwner.CA_ISSUING);

        StoredKey sealed =
                store.read((Transaction tx) -> keys.find(tx, software)).orElseThrow();
        assertThat(sealed.onToken()).isFalse();
        assertThat(sealed.tokenUri()).isNull();
        assertThat(store.read((Transaction tx) -> keys.all(tx)))
                .extracting(StoredKey::tokenUri)
                .containsExactly(null, uri);
    }
}
