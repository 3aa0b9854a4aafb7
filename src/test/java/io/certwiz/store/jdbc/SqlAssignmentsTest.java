package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.certificate.CertificateRecords;
import io.certwiz.store.Transaction;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.Assignments;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;

/** The assignments' storage contract and the change marker, on SQLite and on PostgreSQL. */
class SqlAssignmentsTest extends StorageContract {
    private final Assignments assignments = new SqlAssignments();
    private final CertificateRecords certificates = new SqlCertificateRecords();

    private final Thumbprint a = Thumbprint.of(LEAF_A.certificate());
    private final Thumbprint b = Thumbprint.of(LEAF_B.certificate());

    @Test
    void assignmentsArePutReplacedAndDeleted() {
        store.write(tx -> {
            certificates.put(tx, LEAF_A.certificate(), TrustStore.personal, null, null, T0);
            certificates.put(tx, LEAF_B.certificate(), TrustStore.personal, null, null, T0);
            assignments.put(tx, new Assignment(Usage.WebServicesInternal, a, T0, null));
            assignments.put(tx, new Assignment(Usage.Default, a, T0, null));
            return null;
        });
        assertThat(store.read((Transaction tx) -> assignments.find(tx, Usage.Default)))
                .contains(new Assignment(Usage.Default, a, T0, null));
        assertThat(store.read((Transaction tx) -> assignments.find(tx, Usage.WebServicesExternal)))
                .isEmpty();
        assertThat(store.read((Transaction tx) -> assignments.all(tx)))
                .extracting(Assignment::usage)
                .containsExactly(Usage.Default, Usage.WebServicesInternal);

        store.write(tx -> {
            assignments.put(tx, new Assignment(Usage.Default, b, T1, a));
            return null;
        });
        assertThat(store.read((Transaction tx) -> assignments.find(tx, Usage.Default)))
                .contains(new Assignment(Usage.Default, b, T1, a));

        store.write(tx -> {
            assignments.delete(tx, Usage.Default);
            return null;
        });
        assertThat(store.read((Transaction tx) -> assignments.all(tx)))
                .containsExactly(new Assignment(Usage.WebServicesInternal, a, T0, null));
    }

    @Test
    void aStagedRollOverIsKeptWithItsEffectiveDate() {
        store.write(tx -> {
            certificates.put(tx, LEAF_A.certificate(), TrustStore.personal, null, null, T0);
            certificates.put(tx, LEAF_B.certificate(), TrustStore.personal, null, null, T0);
            assignments.put(tx, new Assignment(Usage.OAuthTokenIssuer, a, T0, null, b, T1));
            return null;
        });
        Assignment staged = store.read((Transaction tx) -> assignments.find(tx, Usage.OAuthTokenIssuer))
                .orElseThrow();
        assertThat(staged).isEqualTo(new Assignment(Usage.OAuthTokenIssuer, a, T0, null, b, T1));
        assertThat(staged.at(T1.minusMillis(1))).isSameAs(staged);
        assertThat(staged.at(T1)).isEqualTo(new Assignment(Usage.OAuthTokenIssuer, b, T1, a));
        String before = store.read((Transaction tx) -> assignments.changeMarker(tx));
        store.write(tx -> {
            assignments.put(tx, new Assignment(Usage.OAuthTokenIssuer, a, T0, null));
            return null;
        });
        assertThat(store.read((Transaction tx) -> assignments.find(tx, Usage.OAuthTokenIssuer)))
                .contains(new Assignment(Usage.OAuthTokenIssuer, a, T0, null));
        assertThat(store.read((Transaction tx) -> assignments.changeMarker(tx))).isNotEqualTo(before);
    }

    @Test
    void anAssignmentNeedsItsCertificate() {
        assertRefused(tx -> {
            assignments.put(tx, new Assignment(Usage.Default, a, T0, null));
            return null;
        });
        store.write(tx -> {
            certificates.put(tx, LEAF_A.certificate(), TrustStore.personal, null, null, T0);
            assignments.put(tx, new Assignment(Usage.Default, a, T0, null));
            return null;
        });
        assertRefused(tx -> {
            certificates.delete(tx, a);
            return null;
        });
        assertThat(store.read((Transaction tx) -> certificates.find(tx, a))).isPresent();
    }

    private String marker() {
        return store.read((Transaction tx) -> assignments.changeMarker(tx));
    }

    private void put(X509Certificate certificate, TrustStore trustStore) {
        store.write(tx -> {
            certificates.put(tx, certificate, trustStore, null, null, T0);
            return null;
        });
    }

    @Test
    void theChangeMarkerFollowsAssignmentsAndTrustStoresOnly() {
        String empty = marker();
        long keyId = store.write(this::key);
        store.write(tx -> {
            certificates.put(tx, LEAF_A.certificate(), TrustStore.personal, "A", keyId, T0);
            new SqlSettings().put(tx, "unrelated", "x");
            assignments.put(tx, new Assignment(Usage.Default, a, T0, null));
            return null;
        });
        String assigned = marker();
        assertThat(assigned).isNotEqualTo(empty);

        put(LEAF_B.certificate(), TrustStore.personal);
        store.write(tx -> {
            new SqlSettings().put(tx, "unrelated", "y");
            return null;
        });
        assertThat(marker())
                .as("personal certificates and settings do not count")
                .isEqualTo(assigned);

        put(ROOT.certificate(), TrustStore.root);
        String trusted = marker();
        assertThat(trusted).isNotEqualTo(assigned);

        put(ROOT.certificate(), TrustStore.intermediate);
        String moved = marker();
        assertThat(moved).isNotEqualTo(trusted);

        store.write(tx -> {
            assignments.put(tx, new Assignment(Usage.Default, a, T1, null));
            return null;
        });
        assertThat(marker()).as("re-assigned").isNotEqualTo(moved);
    }
}
