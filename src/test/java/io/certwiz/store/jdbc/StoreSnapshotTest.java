package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.crypto.KeyOwner;
import io.certwiz.crypto.StoredKey;
import io.certwiz.store.Dialect;
import io.certwiz.store.SqlStore;
import io.certwiz.store.StoreSnapshot;
import io.certwiz.store.TestDatabases;
import io.certwiz.store.Transaction;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The store copy of {@code certwiz backup}, from SQLite and from PostgreSQL, restored into a new SQLite
 * store: every row comes back, binary bytes, booleans, nulls and ids included.
 */
class StoreSnapshotTest extends StorageContract {
    @Test
    void everyRowComesBackInANewSqliteStore() {
        byte[] sealed = new byte[300];
        for (int i = 0; i < sealed.length; i++) {
            sealed[i] = (byte) i;
        }
        long keyId = store.write(tx -> keys.add(tx, KeyOwner.CERTIFICATE, "EC", bytes("pub"), sealed, true, T0));
        long caKey = store.write(tx -> keys.add(tx, KeyOwner.CA_ISSUING, "EC", bytes("ca"), bytes("s"), false, T1));
        store.write(tx -> {
            new SqlCertificateRecords().put(tx, LEAF_A.certificate(), TrustStore.personal, "friendly ü", keyId, T0);
            new SqlCertificateRecords().put(tx, ROOT.certificate(), TrustStore.root, null, null, T1);
            new SqlAssignments()
                    .put(
                            tx,
                            new io.certwiz.usage.Assignment(
                                    Usage.Default, Thumbprint.of(LEAF_A.certificate()), T0, null));
            new SqlSettings().put(tx, "some.setting", "value");
            return null;
        });

        byte[] snapshot = StoreSnapshot.export(store);
        try (SqlStore restored = TestDatabases.fresh(Dialect.SQLITE)) {
            assertThat(StoreSnapshot.restore(restored, snapshot)).isGreaterThanOrEqualTo(6);
            List<StoredKey> back = restored.read((Transaction tx) -> keys.all(tx));
            assertThat(back).extracting(StoredKey::id).containsExactly(keyId, caKey);
            assertThat(back.getFirst().sealed()).isEqualTo(sealed);
            assertThat(back.getFirst().exportable()).isTrue();
            assertThat(back.getFirst().createdAt()).isEqualTo(T0);
            assertThat(back.get(1).owner()).isEqualTo(KeyOwner.CA_ISSUING);
            assertThat(back.get(1).exportable()).isFalse();
            var leaf = restored.read((Transaction tx) ->
                            new SqlCertificateRecords().find(tx, Thumbprint.of(LEAF_A.certificate())))
                    .orElseThrow();
            assertThat(leaf.friendlyName()).isEqualTo("friendly ü");
            assertThat(leaf.keyId()).isEqualTo(keyId);
            assertThat(restored.read((Transaction tx) ->
                                    new SqlCertificateRecords().find(tx, Thumbprint.of(ROOT.certificate())))
                            .orElseThrow()
                            .keyId())
                    .isNull();
            assertThat(restored.read((Transaction tx) -> new SqlAssignments().find(tx, Usage.Default)))
                    .isPresent();
            assertThat(restored.read((Transaction tx) -> new SqlSettings().get(tx, "some.setting")))
                    .contains("value");
            // the ids go on after the restored ones
            long next =
                    restored.write(tx -> keys.add(tx, KeyOwner.CERTIFICATE, "EC", bytes("p"), bytes("s"), false, T1));
            assertThat(next).isGreaterThan(caKey);
        }
    }
}
