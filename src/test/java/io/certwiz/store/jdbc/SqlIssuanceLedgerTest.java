package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.CertwizException;
import io.certwiz.ca.IssuanceLedger;
import io.certwiz.ca.IssuedRecord;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The embedded CA's issuance ledger: its storage contract, on SQLite and on PostgreSQL. */
class SqlIssuanceLedgerTest extends StorageContract {
    private final IssuanceLedger ledger = new SqlIssuanceLedger();
    private final Thumbprint issuer = Thumbprint.of(INTERMEDIATE.certificate());

    private IssuedRecord issued(BigInteger serial, Thumbprint by) {
        return new IssuedRecord(serial, Thumbprint.of(LEAF_A.certificate()), by, T1, T0, null, null);
    }

    @Test
    void issuedCertificatesAreRecordedAndRevokedOnce() {
        Thumbprint otherIssuer = Thumbprint.of(ROOT.certificate());
        BigInteger s1 = new BigInteger("7f3a9c00112233445566778899aabbccddeeff01", 16);
        BigInteger s2 = BigInteger.valueOf(10);
        BigInteger s3 = BigInteger.valueOf(11);
        store.write(tx -> {
            ledger.record(tx, issued(s1, issuer));
            ledger.record(tx, issued(s2, issuer));
            ledger.record(tx, issued(s3, otherIssuer));
            return null;
        });
        assertThat(store.read((Transaction tx) -> ledger.find(tx, s1))).contains(issued(s1, issuer));
        assertThat(store.read((Transaction tx) -> ledger.find(tx, BigInteger.TWO)))
                .isEmpty();
        assertThat(store.read((Transaction tx) -> ledger.revoked(tx, issuer))).isEmpty();

        store.write(tx -> {
            ledger.revoke(tx, s1, T1, 1);
            ledger.revoke(tx, s3, T1, 4);
            return null;
        });
        // Revoking again changes nothing: the first revocation stands.
        store.write(tx -> {
            ledger.revoke(tx, s1, T0, 5);
            return null;
        });
        IssuedRecord revoked =
                store.read((Transaction tx) -> ledger.find(tx, s1)).orElseThrow();
        assertThat(revoked.revokedAt()).isEqualTo(T1);
        assertThat(revoked.revocationReason()).isEqualTo(1);
        assertThat(store.read((Transaction tx) -> ledger.revoked(tx, issuer)))
                .extracting(IssuedRecord::serial)
                .containsExactly(s1);
        assertThat(store.read((Transaction tx) -> ledger.revoked(tx, otherIssuer)))
                .extracting(IssuedRecord::serial)
                .containsExactly(s3);
        assertThat(store.read((Transaction tx) -> ledger.find(tx, s2))
                        .orElseThrow()
                        .revokedAt())
                .isNull();
    }

    @Test
    void aSerialIsRecordedOnce() {
        store.write(tx -> {
            ledger.record(tx, issued(BigInteger.TEN, issuer));
            return null;
        });
        assertThatThrownBy(() -> store.write(tx -> {
                    ledger.record(tx, issued(BigInteger.TEN, issuer));
                    return null;
                }))
                .isInstanceOf(CertwizException.class);
    }

    @Test
    void theCountCountsEveryRecordRevokedOrNot() {
        assertThat(store.read((Transaction tx) -> ledger.count(tx))).isZero();
        store.write(tx -> {
            ledger.record(tx, issued(BigInteger.ONE, issuer));
            ledger.record(tx, issued(BigInteger.TWO, issuer));
            ledger.revoke(tx, BigInteger.ONE, T1, 1);
            return null;
        });
        assertThat(store.read((Transaction tx) -> ledger.count(tx))).isEqualTo(2L);
    }

    @Test
    void foundByThumbprintCountedWhenRevokedAndListedWhileUnexpired() {
        Thumbprint a = Thumbprint.of(LEAF_A.certificate());
        Thumbprint b = Thumbprint.of(LEAF_B.certificate());
        java.time.Instant later = T1.plusSeconds(3600);
        store.write(tx -> {
            ledger.record(tx, new IssuedRecord(BigInteger.ONE, a, issuer, T1, T0, null, null));
            ledger.record(tx, new IssuedRecord(BigInteger.TWO, b, issuer, later, T1, null, null));
            return null;
        });
        assertThat(store.read((Transaction tx) -> ledger.findByThumbprint(tx, b)))
                .map(IssuedRecord::serial)
                .contains(BigInteger.TWO);
        assertThat(store.read((Transaction tx) -> ledger.findByThumbprint(tx, Thumbprint.of(ROOT.certificate()))))
                .isEmpty();
        assertThat(store.read((Transaction tx) -> ledger.revokedCount(tx, issuer)))
                .isZero();
        store.write(tx -> {
            ledger.revoke(tx, BigInteger.ONE, T1, 4);
            return null;
        });
        assertThat(store.read((Transaction tx) -> ledger.revokedCount(tx, issuer)))
                .isEqualTo(1L);
        assertThat(store.read((Transaction tx) -> ledger.revokedCount(tx, Thumbprint.of(ROOT.certificate()))))
                .isZero();
        // Valid after T1 + 1 s: only the second; newest first, at most the limit.
        assertThat(store.read((Transaction tx) -> ledger.unexpired(tx, issuer, T1.plusSeconds(1), 10)))
                .extracting(IssuedRecord::serial)
                .containsExactly(BigInteger.TWO);
        assertThat(store.read((Transaction tx) -> ledger.unexpired(tx, issuer, T0, 10)))
                .extracting(IssuedRecord::serial)
                .containsExactly(BigInteger.TWO, BigInteger.ONE);
        assertThat(store.read((Transaction tx) -> ledger.unexpired(tx, issuer, T0, 1)))
                .hasSize(1);
    }
}
