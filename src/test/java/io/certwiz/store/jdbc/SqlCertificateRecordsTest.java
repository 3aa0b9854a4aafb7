package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.certificate.CertificateRecords;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.store.Transaction;
import io.certwiz.trust.TrustStore;
import io.certwiz.x509.TestPki;
import io.certwiz.x509.Thumbprint;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The held certificates' storage contract, on SQLite and on PostgreSQL. */
class SqlCertificateRecordsTest extends StorageContract {
    private final CertificateRecords certificates = new SqlCertificateRecords();

    private void put(X509Certificate certificate, TrustStore trustStore, String name, Long keyId) {
        store.write(tx -> {
            certificates.put(tx, certificate, trustStore, name, keyId, T0);
            return null;
        });
    }

    private StoredCertificate stored(X509Certificate certificate) {
        return store.read((Transaction tx) -> certificates.find(tx, Thumbprint.of(certificate)))
                .orElseThrow();
    }

    @Test
    void aCertificateRoundTripsWithItsKeyAndName() throws Exception {
        long keyId = store.write(this::key);
        put(LEAF_A.certificate(), TrustStore.personal, "Alpha", keyId);

        StoredCertificate stored = stored(LEAF_A.certificate());
        assertThat(stored.thumbprint()).isEqualTo(Thumbprint.of(LEAF_A.certificate()));
        assertThat(stored.store()).isEqualTo(TrustStore.personal);
        assertThat(stored.certificate().getEncoded())
                .isEqualTo(LEAF_A.certificate().getEncoded());
        assertThat(stored.friendlyName()).isEqualTo("Alpha");
        assertThat(stored.keyId()).isEqualTo(keyId);
        assertThat(stored.hasPrivateKey()).isTrue();
        assertThat(stored.addedAt()).isEqualTo(T0);

        assertThat(store.read((Transaction tx) -> certificates.find(tx, Thumbprint.of(LEAF_B.certificate()))))
                .isEmpty();
    }

    @Test
    void friendlyNamesAreReadByThumbprintOnlyForCertificatesThatHaveOne() {
        put(LEAF_A.certificate(), TrustStore.personal, "Alpha ü", null);
        put(ROOT.certificate(), TrustStore.root, null, null);

        var names = store.read(certificates::friendlyNames);

        assertThat(names).containsExactly(java.util.Map.entry(Thumbprint.of(LEAF_A.certificate()), "Alpha ü"));
    }

    @Test
    void aCertificateMayHaveNeitherKeyNorName() {
        put(ROOT.certificate(), TrustStore.root, null, null);
        StoredCertificate stored = stored(ROOT.certificate());
        assertThat(stored.keyId()).isNull();
        assertThat(stored.hasPrivateKey()).isFalse();
        assertThat(stored.friendlyName()).isNull();
    }

    @Test
    void certificatesAreListedByStoreThenSubject() {
        // Subjects differ in case on purpose: the order must be the same on every database.
        TestPki.Issued upper = TestPki.leaf("CN=Zulu", INTERMEDIATE);
        TestPki.Issued lower = TestPki.leaf("CN=alpha", INTERMEDIATE);
        TestPki.Issued middle = TestPki.leaf("CN=Mike", INTERMEDIATE);
        store.write(tx -> {
            certificates.put(tx, upper.certificate(), TrustStore.personal, null, null, T0);
            certificates.put(tx, ROOT.certificate(), TrustStore.root, null, null, T0);
            certificates.put(tx, lower.certificate(), TrustStore.personal, null, null, T0);
            certificates.put(tx, INTERMEDIATE.certificate(), TrustStore.intermediate, null, null, T0);
            certificates.put(tx, middle.certificate(), TrustStore.personal, null, null, T0);
            return null;
        });

        // store names sort intermediate < personal < root; subjects in binary (code point) order.
        assertThat(subjects(store.read((Transaction tx) -> certificates.all(tx))))
                .containsExactly("CN=contract intermediate", "CN=Mike", "CN=Zulu", "CN=alpha", "CN=Contract Root");
        assertThat(subjects(store.read((Transaction tx) -> certificates.inStore(tx, TrustStore.personal))))
                .containsExactly("CN=Mike", "CN=Zulu", "CN=alpha");
        assertThat(store.read((Transaction tx) -> certificates.inStore(tx, TrustStore.root)))
                .extracting(StoredCertificate::thumbprint)
                .containsExactly(Thumbprint.of(ROOT.certificate()));
    }

    private static List<String> subjects(List<StoredCertificate> stored) {
        return stored.stream()
                .map(c -> c.certificate().getSubjectX500Principal().getName())
                .toList();
    }

    @Test
    void puttingACertificateAgainMovesItAndKeepsItsKeyAndName() {
        long keyId = store.write(this::key);
        X509Certificate certificate = LEAF_A.certificate();
        put(certificate, TrustStore.personal, "Alpha", keyId);
        // Moved without naming a key or a name: both stay, and so does the time it was first added.
        store.write(tx -> {
            certificates.put(tx, certificate, TrustStore.intermediate, null, null, T1);
            return null;
        });
        StoredCertificate moved = stored(certificate);
        assertThat(moved.store()).isEqualTo(TrustStore.intermediate);
        assertThat(moved.keyId()).isEqualTo(keyId);
        assertThat(moved.friendlyName()).isEqualTo("Alpha");
        assertThat(moved.addedAt()).isEqualTo(T0);
        assertThat(store.read((Transaction tx) -> certificates.all(tx))).hasSize(1);

        // Naming a new key and name replaces them.
        long newKey = store.write(this::key);
        put(certificate, TrustStore.personal, "Renamed", newKey);
        StoredCertificate renamed = stored(certificate);
        assertThat(renamed.store()).isEqualTo(TrustStore.personal);
        assertThat(renamed.keyId()).isEqualTo(newKey);
        assertThat(renamed.friendlyName()).isEqualTo("Renamed");
    }

    @Test
    void aDeletedCertificateIsGoneAndTheOthersStay() {
        put(LEAF_A.certificate(), TrustStore.personal, null, null);
        put(LEAF_B.certificate(), TrustStore.personal, null, null);
        store.write(tx -> {
            certificates.delete(tx, Thumbprint.of(LEAF_A.certificate()));
            return null;
        });
        assertThat(store.read((Transaction tx) -> certificates.all(tx)))
                .extracting(StoredCertificate::thumbprint)
                .containsExactly(Thumbprint.of(LEAF_B.certificate()));
    }

    @Test
    void aCertificateCannotNameAMissingKey() {
        assertRefused(tx -> {
            certificates.put(tx, LEAF_A.certificate(), TrustStore.personal, null, 424242L, T0);
            return null;
        });
        assertThat(store.read((Transaction tx) -> certificates.all(tx))).isEmpty();
    }

    @Test
    void thumbprintsListEveryCertificateInOrderEvenOneThatCannotBeRead() {
        put(LEAF_A.certificate(), TrustStore.personal, null, null);
        put(ROOT.certificate(), TrustStore.root, null, null);
        put(LEAF_B.certificate(), TrustStore.intermediate, null, null);
        List<Thumbprint> expected = java.util.stream.Stream.of(LEAF_A, ROOT, LEAF_B)
                .map(i -> Thumbprint.of(i.certificate()))
                .sorted()
                .toList();
        assertThat(store.read((Transaction tx) -> certificates.thumbprints(tx))).isEqualTo(expected);

        // Damaged behind the adapter's back: it is still listed, though it no longer parses.
        store.write(tx -> io.certwiz.store.SqlTransaction.of(tx)
                .update("UPDATE certificates SET der = ? WHERE thumbprint = ?", s -> {
                    s.setBytes(1, new byte[] {0x30, 0x00});
                    s.setString(2, Thumbprint.of(ROOT.certificate()).hex());
                }));
        assertThat(store.read((Transaction tx) -> certificates.thumbprints(tx))).isEqualTo(expected);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                        () -> store.read((Transaction tx) -> certificates.all(tx))))
                .isInstanceOf(io.certwiz.CertwizException.class);
    }
}
