package io.certwiz.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.ca.IssuedRecord;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.StoredKey;
import io.certwiz.request.PendingRequest;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.TestPki;
import io.certwiz.x509.Thumbprint;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's contract, run against every database certwiz supports: each subclass says how to make
 * an empty database, and every test here must pass unchanged on all of them.
 */
abstract class StoreContractTest {
    /** Where an empty database lives: a JDBC URL and its credentials (null for SQLite). */
    record Target(String jdbcUrl, String user, String password) {}

    /** A new database for one test: no schema yet, or the current one, but no rows. */
    abstract Target newTarget() throws Exception;

    abstract Dialect expectedDialect();

    static final Instant T0 = Instant.ofEpochMilli(1_750_000_000_123L);
    static final Instant T1 = Instant.ofEpochMilli(1_750_000_999_456L);

    static TestPki.Issued root;
    static TestPki.Issued intermediate;
    static TestPki.Issued leafA;
    static TestPki.Issued leafB;

    @BeforeAll
    static void certificates() {
        root = TestPki.selfSignedCa("CN=Contract Root");
        intermediate = TestPki.leaf("CN=contract intermediate", root);
        leafA = TestPki.leaf("CN=alpha.example.com", intermediate, "alpha.example.com");
        leafB = TestPki.leaf("CN=Beta.example.com", intermediate, "beta.example.com");
    }

    Target target;
    SqlStore store;
    private final List<SqlStore> opened = new ArrayList<>();

    @BeforeEach
    void openStore() throws Exception {
        target = newTarget();
        store = open();
    }

    @AfterEach
    void closeStores() {
        for (SqlStore s : opened) {
            s.close();
        }
    }

    SqlStore open() {
        SqlStore s = Database.open(target.jdbcUrl(), target.user(), target.password());
        opened.add(s);
        return s;
    }

    /** A plain JDBC connection to the same database, outside the store. */
    Connection rawConnection() throws SQLException {
        Properties properties = new Properties();
        if (target.user() != null) {
            properties.setProperty("user", target.user());
            properties.setProperty("password", target.password());
        }
        return DriverManager.getConnection(target.jdbcUrl(), properties);
    }

    long count(String table) throws SQLException {
        try (Connection c = rawConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    long addKey(Transaction tx) {
        return tx.addKey("EC", bytes("public"), bytes("sealed"), false, T0);
    }

    @Test
    void opensWithTheExpectedDialect() {
        assertThat(store.dialect()).isEqualTo(expectedDialect());
    }

    // --- identity and settings

    @Test
    void identityIsEmptyThenSavedThenReplaced() {
        assertThat(store.read(Transaction::identity)).isEmpty();

        ServerIdentity first = new ServerIdentity(
                "srv.example.com", "pool.example.com", "int.example.com", "ext.example.com", List.of());
        store.write(tx -> {
            tx.saveIdentity(first);
            return null;
        });
        assertThat(store.read(Transaction::identity)).contains(first);

        ServerIdentity second = new ServerIdentity(
                "srv2.example.com",
                "pool2.example.com",
                "int2.example.com",
                "ext2.example.com",
                List.of("example.com", "example.org"));
        store.write(tx -> {
            tx.saveIdentity(second);
            return null;
        });
        assertThat(store.read(Transaction::identity)).contains(second);
    }

    @Test
    void anUnsyncedWriteCommitsAtOnceAndAFailedOneLeavesNothing() {
        store.writeUnsynced(tx -> {
            tx.putSetting("lazy", "1");
            return null;
        });
        assertThat(store.read((Transaction tx) -> tx.setting("lazy"))).contains("1");
        assertThatThrownBy(() -> store.writeUnsynced(tx -> {
                    tx.putSetting("lazy", "2");
                    throw new IllegalStateException("refused");
                }))
                .hasMessage("refused");
        assertThat(store.read((Transaction tx) -> tx.setting("lazy"))).contains("1");
        // Durable writes go on as before on the same connections.
        for (int i = 0; i < 3; i++) {
            String value = "d" + i;
            store.write(tx -> {
                tx.putSetting("lazy", value);
                return null;
            });
        }
        assertThat(store.read((Transaction tx) -> tx.setting("lazy"))).contains("d2");
    }

    @Test
    void settingsAreMissingThenPutThenOverwritten() {
        assertThat(store.read((Transaction tx) -> tx.setting("color"))).isEmpty();
        store.write(tx -> {
            tx.putSetting("color", "blue");
            tx.putSetting("size", "");
            return null;
        });
        store.write(tx -> {
            tx.putSetting("color", "green");
            return null;
        });
        assertThat(store.read((Transaction tx) -> tx.setting("color"))).contains("green");
        assertThat(store.read((Transaction tx) -> tx.setting("size"))).contains("");
    }

    // --- keys

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
        long exportable = store.write(tx -> tx.addKey("RSA", publicKey, sealed, true, T0));
        long fixed = store.write(tx -> tx.addKey("EC", bytes("p"), bytes("s"), false, T1));
        assertThat(exportable).isPositive();
        assertThat(fixed).isGreaterThan(exportable);

        StoredKey key = store.read((Transaction tx) -> tx.key(exportable)).orElseThrow();
        assertThat(key.id()).isEqualTo(exportable);
        assertThat(key.algorithm()).isEqualTo("RSA");
        assertThat(key.publicKey()).isEqualTo(publicKey);
        assertThat(key.sealed()).isEqualTo(sealed);
        assertThat(key.exportable()).isTrue();
        assertThat(key.createdAt()).isEqualTo(T0);

        StoredKey other = store.read((Transaction tx) -> tx.key(fixed)).orElseThrow();
        assertThat(other.exportable()).isFalse();
        assertThat(other.createdAt()).isEqualTo(T1);
        assertThat(other.sealed()).isEqualTo(bytes("s"));

        assertThat(store.read((Transaction tx) -> tx.key(fixed + 1000))).isEmpty();
        store.write(tx -> {
            tx.deleteKey(exportable);
            return null;
        });
        assertThat(store.read((Transaction tx) -> tx.key(exportable))).isEmpty();
        assertThat(store.read((Transaction tx) -> tx.key(fixed))).isPresent();
    }

    @Test
    void aWriteSeesItsOwnChanges() {
        Optional<StoredKey> seen = store.write(tx -> tx.key(addKey(tx)));
        assertThat(seen).isPresent();
    }

    // --- certificates

    @Test
    void certificateRoundTrip() throws Exception {
        long keyId = store.write(this::addKey);
        store.write(tx -> {
            tx.putCertificate(leafA.certificate(), TrustStore.personal, "Alpha", keyId, T0);
            return null;
        });
        Thumbprint thumbprint = Thumbprint.of(leafA.certificate());
        StoredCertificate stored =
                store.read((Transaction tx) -> tx.certificate(thumbprint)).orElseThrow();
        assertThat(stored.thumbprint()).isEqualTo(thumbprint);
        assertThat(stored.store()).isEqualTo(TrustStore.personal);
        assertThat(stored.certificate().getEncoded())
                .isEqualTo(leafA.certificate().getEncoded());
        assertThat(stored.friendlyName()).isEqualTo("Alpha");
        assertThat(stored.keyId()).isEqualTo(keyId);
        assertThat(stored.hasPrivateKey()).isTrue();
        assertThat(stored.addedAt()).isEqualTo(T0);

        assertThat(store.read((Transaction tx) -> tx.certificate(Thumbprint.of(leafB.certificate()))))
                .isEmpty();
    }

    @Test
    void certificatesWithoutKeyOrName() {
        store.write(tx -> {
            tx.putCertificate(root.certificate(), TrustStore.root, null, null, T0);
            return null;
        });
        StoredCertificate stored = store.read((Transaction tx) -> tx.certificate(Thumbprint.of(root.certificate())))
                .orElseThrow();
        assertThat(stored.keyId()).isNull();
        assertThat(stored.hasPrivateKey()).isFalse();
        assertThat(stored.friendlyName()).isNull();
    }

    @Test
    void certificatesAreListedByStoreThenSubject() {
        // Subjects differ in case on purpose: the order must be the same on every database.
        TestPki.Issued upper = TestPki.leaf("CN=Zulu", intermediate);
        TestPki.Issued lower = TestPki.leaf("CN=alpha", intermediate);
        TestPki.Issued middle = TestPki.leaf("CN=Mike", intermediate);
        store.write(tx -> {
            tx.putCertificate(upper.certificate(), TrustStore.personal, null, null, T0);
            tx.putCertificate(root.certificate(), TrustStore.root, null, null, T0);
            tx.putCertificate(lower.certificate(), TrustStore.personal, null, null, T0);
            tx.putCertificate(intermediate.certificate(), TrustStore.intermediate, null, null, T0);
            tx.putCertificate(middle.certificate(), TrustStore.personal, null, null, T0);
            return null;
        });

        List<String> all = store.read((Transaction tx) -> tx.certificates(null)).stream()
                .map(c -> c.certificate().getSubjectX500Principal().getName())
                .toList();
        // store names sort intermediate < personal < root; subjects in binary (code point) order.
        assertThat(all)
                .containsExactly("CN=contract intermediate", "CN=Mike", "CN=Zulu", "CN=alpha", "CN=Contract Root");

        List<String> personal = store.read((Transaction tx) -> tx.certificates(TrustStore.personal)).stream()
                .map(c -> c.certificate().getSubjectX500Principal().getName())
                .toList();
        assertThat(personal).containsExactly("CN=Mike", "CN=Zulu", "CN=alpha");
        assertThat(store.read((Transaction tx) -> tx.certificates(TrustStore.root)))
                .extracting(StoredCertificate::thumbprint)
                .containsExactly(Thumbprint.of(root.certificate()));
    }

    @Test
    void putCertificateAgainMovesItAndKeepsItsKeyAndName() {
        long keyId = store.write(this::addKey);
        X509Certificate certificate = leafA.certificate();
        Thumbprint thumbprint = Thumbprint.of(certificate);
        store.write(tx -> {
            tx.putCertificate(certificate, TrustStore.personal, "Alpha", keyId, T0);
            return null;
        });
        // Moved without naming a key or a name: both stay, and so does the time it was first added.
        store.write(tx -> {
            tx.putCertificate(certificate, TrustStore.intermediate, null, null, T1);
            return null;
        });
        StoredCertificate moved =
                store.read((Transaction tx) -> tx.certificate(thumbprint)).orElseThrow();
        assertThat(moved.store()).isEqualTo(TrustStore.intermediate);
        assertThat(moved.keyId()).isEqualTo(keyId);
        assertThat(moved.friendlyName()).isEqualTo("Alpha");
        assertThat(moved.addedAt()).isEqualTo(T0);
        assertThat(store.read((Transaction tx) -> tx.certificates(null))).hasSize(1);

        // Naming a new key and name replaces them.
        long newKey = store.write(this::addKey);
        store.write(tx -> {
            tx.putCertificate(certificate, TrustStore.personal, "Renamed", newKey, T1);
            return null;
        });
        StoredCertificate renamed =
                store.read((Transaction tx) -> tx.certificate(thumbprint)).orElseThrow();
        assertThat(renamed.store()).isEqualTo(TrustStore.personal);
        assertThat(renamed.keyId()).isEqualTo(newKey);
        assertThat(renamed.friendlyName()).isEqualTo("Renamed");
    }

    @Test
    void deleteCertificate() {
        store.write(tx -> {
            tx.putCertificate(leafA.certificate(), TrustStore.personal, null, null, T0);
            tx.putCertificate(leafB.certificate(), TrustStore.personal, null, null, T0);
            return null;
        });
        store.write(tx -> {
            tx.deleteCertificate(Thumbprint.of(leafA.certificate()));
            return null;
        });
        assertThat(store.read((Transaction tx) -> tx.certificates(null)))
                .extracting(StoredCertificate::thumbprint)
                .containsExactly(Thumbprint.of(leafB.certificate()));
    }

    // --- pending requests

    @Test
    void pendingRequestsRoundTrip() {
        long keyId = store.write(this::addKey);
        long first = store.write(tx -> tx.addPendingRequest(
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
                keyId,
                List.of(Usage.Default, Usage.WebServicesExternal),
                "Front end",
                "offline",
                T0));
        long second = store.write(
                tx -> tx.addPendingRequest("csr2", keyId, List.of(Usage.OAuthTokenIssuer), null, "offline", T1));
        assertThat(second).isGreaterThan(first);

        PendingRequest request =
                store.read((Transaction tx) -> tx.pendingRequest(first)).orElseThrow();
        assertThat(request)
                .isEqualTo(new PendingRequest(
                        first,
                        "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
                        keyId,
                        List.of(Usage.Default, Usage.WebServicesExternal),
                        "Front end",
                        "offline",
                        T0));
        assertThat(store.read(Transaction::pendingRequests))
                .extracting(PendingRequest::id)
                .containsExactly(first, second);
        assertThat(store.read((Transaction tx) -> tx.pendingRequest(second))
                        .orElseThrow()
                        .friendlyName())
                .isNull();

        store.write(tx -> {
            tx.deletePendingRequest(first);
            return null;
        });
        assertThat(store.read((Transaction tx) -> tx.pendingRequest(first))).isEmpty();
        assertThat(store.read(Transaction::pendingRequests))
                .extracting(PendingRequest::id)
                .containsExactly(second);
    }

    // --- assignments

    @Test
    void assignmentsArePutReplacedAndDeleted() {
        Thumbprint a = Thumbprint.of(leafA.certificate());
        Thumbprint b = Thumbprint.of(leafB.certificate());
        store.write(tx -> {
            tx.putCertificate(leafA.certificate(), TrustStore.personal, null, null, T0);
            tx.putCertificate(leafB.certificate(), TrustStore.personal, null, null, T0);
            tx.putAssignment(new Assignment(Usage.WebServicesInternal, a, T0, null));
            tx.putAssignment(new Assignment(Usage.Default, a, T0, null));
            return null;
        });
        assertThat(store.read((Transaction tx) -> tx.assignment(Usage.Default)))
                .contains(new Assignment(Usage.Default, a, T0, null));
        assertThat(store.read((Transaction tx) -> tx.assignment(Usage.WebServicesExternal)))
                .isEmpty();
        assertThat(store.read(Transaction::assignments))
                .extracting(Assignment::usage)
                .containsExactly(Usage.Default, Usage.WebServicesInternal);

        store.write(tx -> {
            tx.putAssignment(new Assignment(Usage.Default, b, T1, a));
            return null;
        });
        assertThat(store.read((Transaction tx) -> tx.assignment(Usage.Default)))
                .contains(new Assignment(Usage.Default, b, T1, a));

        store.write(tx -> {
            tx.deleteAssignment(Usage.Default);
            return null;
        });
        assertThat(store.read(Transaction::assignments))
                .containsExactly(new Assignment(Usage.WebServicesInternal, a, T0, null));
    }

    // --- issued certificates

    @Test
    void issuedCertificatesAreRecordedAndRevoked() {
        Thumbprint issuer = Thumbprint.of(intermediate.certificate());
        Thumbprint otherIssuer = Thumbprint.of(root.certificate());
        BigInteger s1 = new BigInteger("7f3a9c00112233445566778899aabbccddeeff01", 16);
        BigInteger s2 = BigInteger.valueOf(10);
        BigInteger s3 = BigInteger.valueOf(11);
        store.write(tx -> {
            tx.recordIssued(new IssuedRecord(s1, Thumbprint.of(leafA.certificate()), issuer, T1, T0, null, null));
            tx.recordIssued(new IssuedRecord(s2, Thumbprint.of(leafB.certificate()), issuer, T1, T0, null, null));
            tx.recordIssued(
                    new IssuedRecord(s3, Thumbprint.of(intermediate.certificate()), otherIssuer, T1, T0, null, null));
            return null;
        });
        assertThat(store.read((Transaction tx) -> tx.issued(s1)))
                .contains(new IssuedRecord(s1, Thumbprint.of(leafA.certificate()), issuer, T1, T0, null, null));
        assertThat(store.read((Transaction tx) -> tx.issued(BigInteger.TWO))).isEmpty();
        assertThat(store.read((Transaction tx) -> tx.revoked(issuer))).isEmpty();

        store.write(tx -> {
            tx.revoke(s1, T1, 1);
            tx.revoke(s3, T1, 4);
            return null;
        });
        // Revoking again changes nothing: the first revocation stands.
        store.write(tx -> {
            tx.revoke(s1, T0, 5);
            return null;
        });
        IssuedRecord revoked = store.read((Transaction tx) -> tx.issued(s1)).orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(T1);
        assertThat(revoked.revocationReason()).isEqualTo(1);
        assertThat(store.read((Transaction tx) -> tx.revoked(issuer)))
                .extracting(IssuedRecord::serial)
                .containsExactly(s1);
        assertThat(store.read((Transaction tx) -> tx.revoked(otherIssuer)))
                .extracting(IssuedRecord::serial)
                .containsExactly(s3);
        assertThat(store.read((Transaction tx) -> tx.issued(s2)).orElseThrow().revokedAt())
                .isNull();
    }

    @Test
    void aSerialIsRecordedOnce() {
        Thumbprint issuer = Thumbprint.of(intermediate.certificate());
        IssuedRecord record =
                new IssuedRecord(BigInteger.TEN, Thumbprint.of(leafA.certificate()), issuer, T1, T0, null, null);
        store.write(tx -> {
            tx.recordIssued(record);
            return null;
        });
        assertThatThrownBy(() -> store.write(tx -> {
                    tx.recordIssued(record);
                    return null;
                }))
                .isInstanceOf(CertwizException.class);
    }

    @Test
    void issuedCountCountsEveryRecord() {
        assertThat(store.read(Transaction::issuedCount)).isZero();
        Thumbprint issuer = Thumbprint.of(intermediate.certificate());
        store.write(tx -> {
            tx.recordIssued(
                    new IssuedRecord(BigInteger.ONE, Thumbprint.of(leafA.certificate()), issuer, T1, T0, null, null));
            tx.recordIssued(
                    new IssuedRecord(BigInteger.TWO, Thumbprint.of(leafB.certificate()), issuer, T1, T0, null, null));
            tx.revoke(BigInteger.ONE, T1, 1);
            return null;
        });
        assertThat(store.read(Transaction::issuedCount)).isEqualTo(2L);
    }

    // --- change marker and audit log

    @Test
    void theChangeMarkerFollowsAssignmentsAndTrustStoresOnly() {
        String empty = store.read(Transaction::changeMarker);
        long keyId = store.write(this::addKey);
        store.write(tx -> {
            tx.putCertificate(leafA.certificate(), TrustStore.personal, "A", keyId, T0);
            tx.putSetting("unrelated", "x");
            tx.putAssignment(new Assignment(Usage.Default, Thumbprint.of(leafA.certificate()), T0, null));
            return null;
        });
        String assigned = store.read(Transaction::changeMarker);
        assertThat(assigned).isNotEqualTo(empty);

        store.write(tx -> {
            tx.putCertificate(leafB.certificate(), TrustStore.personal, null, null, T0);
            tx.putSetting("unrelated", "y");
            return null;
        });
        assertThat(store.read(Transaction::changeMarker))
                .as("personal certificates do not count")
                .isEqualTo(assigned);

        store.write(tx -> {
            tx.putCertificate(root.certificate(), TrustStore.root, null, null, T0);
            return null;
        });
        String trusted = store.read(Transaction::changeMarker);
        assertThat(trusted).isNotEqualTo(assigned);

        store.write(tx -> {
            tx.putCertificate(root.certificate(), TrustStore.intermediate, null, null, T0);
            return null;
        });
        String moved = store.read(Transaction::changeMarker);
        assertThat(moved).isNotEqualTo(trusted);

        store.write(tx -> {
            tx.putAssignment(new Assignment(Usage.Default, Thumbprint.of(leafA.certificate()), T1, null));
            return null;
        });
        assertThat(store.read(Transaction::changeMarker)).as("re-assigned").isNotEqualTo(moved);
    }

    @Test
    void theAuditLogListsTheNewestFirst() {
        String a = Thumbprint.of(leafA.certificate()).hex();
        String b = Thumbprint.of(leafB.certificate()).hex();
        store.write(tx -> {
            tx.audit(T0, "admin", "import", List.of(a, b), "two certificates");
            tx.audit(T1, "cli", "assign", List.of(a), null);
            return null;
        });
        store.write(tx -> {
            tx.audit(T1, "api:token-1", "login-failed", List.of(), "bad token");
            return null;
        });
        List<io.certwiz.audit.AuditEntry> entries = store.read((Transaction tx) -> tx.auditLog(10));
        assertThat(entries)
                .extracting(io.certwiz.audit.AuditEntry::operation)
                .containsExactly("login-failed", "assign", "import");
        io.certwiz.audit.AuditEntry imported = entries.get(2);
        assertThat(imported.actor()).isEqualTo("admin");
        assertThat(imported.at()).isEqualTo(T0.toString());
        assertThat(imported.thumbprints()).containsExactly(a, b);
        assertThat(imported.detail()).isEqualTo("two certificates");
        assertThat(entries.get(1).detail()).isEmpty();
        assertThat(entries.get(0).thumbprints()).isEmpty();
        assertThat(entries.get(0).id()).isGreaterThan(entries.get(1).id());

        assertThat(store.read((Transaction tx) -> tx.auditLog(2)))
                .extracting(io.certwiz.audit.AuditEntry::operation)
                .containsExactly("login-failed", "assign");
    }

    // --- foreign keys

    @Test
    void aCertificateCannotNameAMissingKey() {
        assertStoreRefuses(tx -> {
            tx.putCertificate(leafA.certificate(), TrustStore.personal, null, 424242L, T0);
            return null;
        });
        assertThat(store.read((Transaction tx) -> tx.certificates(null))).isEmpty();
    }

    @Test
    void aPendingRequestCannotNameAMissingKey() {
        assertStoreRefuses(tx -> tx.addPendingRequest("csr", 424242L, List.of(Usage.Default), null, "offline", T0));
        assertThat(store.read(Transaction::pendingRequests)).isEmpty();
    }

    @Test
    void aKeyInUseCannotBeDeleted() {
        long keyId = store.write(this::addKey);
        long requestKey = store.write(this::addKey);
        store.write(tx -> {
            tx.putCertificate(leafA.certificate(), TrustStore.personal, null, keyId, T0);
            tx.addPendingRequest("csr", requestKey, List.of(Usage.Default), null, "offline", T0);
            return null;
        });
        assertStoreRefuses(tx -> {
            tx.deleteKey(keyId);
            return null;
        });
        assertStoreRefuses(tx -> {
            tx.deleteKey(requestKey);
            return null;
        });
        assertThat(store.read((Transaction tx) -> tx.key(keyId))).isPresent();
        assertThat(store.read((Transaction tx) -> tx.key(requestKey))).isPresent();
    }

    @Test
    void anAssignmentNeedsItsCertificate() {
        Thumbprint a = Thumbprint.of(leafA.certificate());
        assertStoreRefuses(tx -> {
            tx.putAssignment(new Assignment(Usage.Default, a, T0, null));
            return null;
        });
        store.write(tx -> {
            tx.putCertificate(leafA.certificate(), TrustStore.personal, null, null, T0);
            tx.putAssignment(new Assignment(Usage.Default, a, T0, null));
            return null;
        });
        assertStoreRefuses(tx -> {
            tx.deleteCertificate(a);
            return null;
        });
        assertThat(store.read((Transaction tx) -> tx.certificate(a))).isPresent();
    }

    private void assertStoreRefuses(Store.Work<?> work) {
        Throwable thrown = catchThrowable(() -> store.write(work));
        assertThat(thrown).isInstanceOf(CertwizException.class);
        assertThat(((CertwizException) thrown).failure()).isEqualTo(Failure.ERROR);
        assertThat(thrown.getMessage()).startsWith("store update failed").doesNotContain("\n");
    }

    // --- atomicity

    @Test
    void aWriteThatThrowsHalfWayLeavesNothingBehind() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable thrown = catchThrowable(() -> store.write(tx -> {
            long keyId = addKey(tx);
            tx.putCertificate(leafA.certificate(), TrustStore.personal, "A", keyId, T0);
            tx.addPendingRequest("csr", keyId, List.of(Usage.Default), null, "offline", T0);
            tx.putSetting("half", "way");
            tx.saveIdentity(new ServerIdentity("a.example", "a.example", "a.example", "a.example", List.of()));
            tx.audit(T0, "test", "half-way", List.of(), null);
            throw boom;
        }));
        assertThat(thrown).isSameAs(boom);
        assertNothingStored();
    }

    @Test
    void aWriteWhoseSqlFailsHalfWayLeavesNothingBehind() throws Exception {
        Throwable thrown = catchThrowable(() -> store.write(tx -> {
            long keyId = addKey(tx);
            tx.putCertificate(leafA.certificate(), TrustStore.personal, "A", keyId, T0);
            tx.putSetting("half", "way");
            // fails: no such key
            tx.addPendingRequest("csr", keyId + 99, List.of(Usage.Default), null, "offline", T0);
            return null;
        }));
        assertThat(thrown).isInstanceOf(CertwizException.class);
        assertNothingStored();
        // The store is still usable afterwards.
        store.write(tx -> {
            tx.putSetting("after", "yes");
            return null;
        });
        assertThat(store.read((Transaction tx) -> tx.setting("after"))).contains("yes");
    }

    private void assertNothingStored() throws SQLException {
        for (String table : List.of(
                "private_keys", "certificates", "pending_requests", "settings", "server_identity", "audit_log")) {
            assertThat(count(table)).as(table).isZero();
        }
        assertThat(store.read((Transaction tx) -> tx.setting("half"))).isEmpty();
    }

    @Test
    void aReadReturnsTheWorksResult() {
        assertThat(store.read((Transaction tx) -> "result")).isEqualTo("result");
        int answer = store.write(tx -> 42);
        assertThat(answer).isEqualTo(42);
    }

    @Test
    void aReadCannotWrite() throws SQLException {
        Throwable thrown = catchThrowable(() -> store.read((Transaction tx) -> {
            tx.putSetting("sneaky", "write");
            return null;
        }));
        assertThat(thrown).isInstanceOf(CertwizException.class);
        assertThat(count("settings")).isZero();
    }

    @Test
    void writesAreVisibleToAnotherStoreOnTheSameDatabase() {
        SqlStore other = open();
        store.write(tx -> {
            tx.putSetting("shared", "1");
            return null;
        });
        assertThat(other.read((Transaction tx) -> tx.setting("shared"))).contains("1");
    }

    // --- schema

    @Test
    void migrationsRunOnceAndAreSkippedWhenCurrent() throws Exception {
        assertThat(count("flyway_schema_history")).isEqualTo(Schema.CURRENT_VERSION);
        store.write(tx -> {
            tx.putSetting("kept", "yes");
            return null;
        });
        store.close();

        // Flyway would refuse a history whose checksum no longer matches the migration; opening still
        // works, so the current schema was not handed to Flyway at all.
        try (Connection c = rawConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '1'");
        }
        SqlStore reopened = open();
        assertThat(reopened.read((Transaction tx) -> tx.setting("kept"))).contains("yes");
        assertThat(count("flyway_schema_history")).isEqualTo(Schema.CURRENT_VERSION);
    }

    @Test
    void aMigrationThatFailsIsOneLine() throws Exception {
        store.close();
        // The tables exist but the history says nothing ran: Flyway runs V1 again, which fails.
        try (Connection c = rawConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("DELETE FROM flyway_schema_history");
        }
        Throwable thrown = catchThrowable(this::open);
        assertThat(thrown).isInstanceOf(CertwizException.class);
        assertThat(thrown.getMessage())
                .startsWith("cannot bring the store's schema up to date")
                .doesNotContain("\n");
    }

    @Test
    void currentVersionIsTheNewestMigration() throws Exception {
        String location = expectedDialect().migrationLocation().replace("classpath:", "");
        java.net.URL url = getClass().getClassLoader().getResource(location);
        assertThat(url).isNotNull();
        int newest = 0;
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(url.toURI()))) {
            for (java.nio.file.Path file : files.toList()) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("V(\\d+)__.*\\.sql")
                        .matcher(file.getFileName().toString());
                if (m.matches()) {
                    newest = Math.max(newest, Integer.parseInt(m.group(1)));
                }
            }
        }
        assertThat(Schema.CURRENT_VERSION).isEqualTo(newest);
    }
}
