package io.certwiz.store.jdbc;

import io.certwiz.ca.IssuanceLedger;
import io.certwiz.ca.IssuedRecord;
import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link IssuanceLedger} in the {@code issued_certificates} table (serials as lowercase hex). */
public final class SqlIssuanceLedger implements IssuanceLedger {
    private static IssuedRecord row(ResultSet r) throws SQLException {
        int reason = r.getInt("revocation_reason");
        Integer revocationReason = r.wasNull() ? null : reason;
        return new IssuedRecord(
                new BigInteger(r.getString("serial"), 16),
                new Thumbprint(r.getString("thumbprint")),
                new Thumbprint(r.getString("issuer_thumbprint")),
                SqlTransaction.instant(r, "not_after"),
                SqlTransaction.instant(r, "issued_at"),
                SqlTransaction.instant(r, "revoked_at"),
                revocationReason);
    }

    @Override
    public void record(Transaction tx, IssuedRecord record) {
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO issued_certificates (serial, thumbprint, issuer_thumbprint, not_after, issued_at)"
                                + " VALUES (?, ?, ?, ?, ?)",
                        s -> {
                            s.setString(1, record.serial().toString(16));
                            s.setString(2, record.thumbprint().hex());
                            s.setString(3, record.issuer().hex());
                            s.setLong(4, record.notAfter().toEpochMilli());
                            s.setLong(5, record.issuedAt().toEpochMilli());
                        });
    }

    @Override
    public Optional<IssuedRecord> find(Transaction tx, BigInteger serial) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT * FROM issued_certificates WHERE serial = ?",
                        s -> s.setString(1, serial.toString(16)),
                        SqlIssuanceLedger::row);
    }

    @Override
    public Optional<IssuedRecord> findByThumbprint(Transaction tx, Thumbprint thumbprint) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT * FROM issued_certificates WHERE thumbprint = ?",
                        s -> s.setString(1, thumbprint.hex()),
                        SqlIssuanceLedger::row);
    }

    @Override
    public long revokedCount(Transaction tx, Thumbprint issuer) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT COUNT(*) FROM issued_certificates WHERE issuer_thumbprint = ? AND revoked_at IS NOT NULL",
                        s -> s.setString(1, issuer.hex()),
                        r -> r.getLong(1))
                .orElse(0L);
    }

    @Override
    public List<IssuedRecord> unexpired(Transaction tx, Thumbprint issuer, Instant after, int limit) {
        return SqlTransaction.of(tx)
                .query(
                        "SELECT * FROM issued_certificates WHERE issuer_thumbprint = ? AND not_after > ?"
                                + " ORDER BY issued_at DESC LIMIT ?",
                        s -> {
                            s.setString(1, issuer.hex());
                            s.setLong(2, after.toEpochMilli());
                            s.setInt(3, limit);
                        },
                        SqlIssuanceLedger::row);
    }

    @Override
    public List<IssuedRecord> revoked(Transaction tx, Thumbprint issuer) {
        return SqlTransaction.of(tx)
                .query(
                        "SELECT * FROM issued_certificates WHERE issuer_thumbprint = ? AND revoked_at IS NOT NULL"
                                + " ORDER BY serial",
                        s -> s.setString(1, issuer.hex()),
                        SqlIssuanceLedger::row);
    }

    @Override
    public void revoke(Transaction tx, BigInteger serial, Instant at, int reason) {
        SqlTransaction.of(tx)
                .update(
                        "UPDATE issued_certificates SET revoked_at = ?, revocation_reason = ?"
                                + " WHERE serial = ? AND revoked_at IS NULL",
                        s -> {
                            SqlTransaction.setLong(s, 1, SqlTransaction.millis(at));
                            s.setInt(2, reason);
                            s.setString(3, serial.toString(16));
                        });
    }

    @Override
    public long count(Transaction tx) {
        return SqlTransaction.of(tx)
                .queryOne("SELECT COUNT(*) FROM issued_certificates", s -> {}, r -> r.getLong(1))
                .orElse(0L);
    }
}
