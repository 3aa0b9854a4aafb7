package io.certwiz.store.jdbc;

import io.certwiz.renewal.RenewalRecords;
import io.certwiz.renewal.RenewalState;
import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link RenewalRecords} in the {@code renewal_state} and {@code certificate_lineage} tables. */
public final class SqlRenewalRecords implements RenewalRecords {
    private static final String COLUMNS = "thumbprint, due_at, next_attempt_at, failures, last_attempt_at,"
            + " last_error, lease_owner, lease_until, pending_request";

    private static RenewalState row(ResultSet r) throws SQLException {
        long pendingRequest = r.getLong("pending_request");
        Long pending = r.wasNull() ? null : pendingRequest;
        return new RenewalState(
                new Thumbprint(r.getString("thumbprint")),
                SqlTransaction.instant(r, "due_at"),
                SqlTransaction.instant(r, "next_attempt_at"),
                r.getInt("failures"),
                SqlTransaction.instant(r, "last_attempt_at"),
                r.getString("last_error"),
                r.getString("lease_owner"),
                SqlTransaction.instant(r, "lease_until"),
                pending);
    }

    @Override
    public Optional<RenewalState> state(Transaction tx, Thumbprint thumbprint) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT " + COLUMNS + " FROM renewal_state WHERE thumbprint = ?",
                        s -> s.setString(1, thumbprint.hex()),
                        SqlRenewalRecords::row);
    }

    @Override
    public void put(Transaction tx, RenewalState state) {
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO renewal_state (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (thumbprint) DO UPDATE SET due_at = excluded.due_at,"
                                + " next_attempt_at = excluded.next_attempt_at, failures = excluded.failures,"
                                + " last_attempt_at = excluded.last_attempt_at, last_error = excluded.last_error,"
                                + " lease_owner = excluded.lease_owner, lease_until = excluded.lease_until,"
                                + " pending_request = excluded.pending_request",
                        s -> {
                            s.setString(1, state.thumbprint().hex());
                            s.setLong(2, state.dueAt().toEpochMilli());
                            s.setLong(3, state.nextAttemptAt().toEpochMilli());
                            s.setInt(4, state.failures());
                            SqlTransaction.setLong(s, 5, SqlTransaction.millis(state.lastAttemptAt()));
                            s.setString(6, state.lastError());
                            s.setString(7, state.leaseOwner());
                            SqlTransaction.setLong(s, 8, SqlTransaction.millis(state.leaseUntil()));
                            SqlTransaction.setLong(s, 9, state.pendingRequest());
                        });
    }

    @Override
    public void delete(Transaction tx, Thumbprint thumbprint) {
        SqlTransaction.of(tx)
                .update("DELETE FROM renewal_state WHERE thumbprint = ?", s -> s.setString(1, thumbprint.hex()));
    }

    @Override
    public List<RenewalState> dueBy(Transaction tx, Instant now, int limit) {
        return SqlTransaction.of(tx)
                .query(
                        "SELECT " + COLUMNS + " FROM renewal_state WHERE next_attempt_at <= ?"
                                + " ORDER BY next_attempt_at, thumbprint LIMIT ?",
                        s -> {
                            s.setLong(1, now.toEpochMilli());
                            s.setInt(2, limit);
                        },
                        SqlRenewalRecords::row);
    }

    @Override
    public List<RenewalState> all(Transaction tx) {
        return SqlTransaction.of(tx)
                .query(
                        "SELECT " + COLUMNS + " FROM renewal_state ORDER BY thumbprint",
                        s -> {},
                        SqlRenewalRecords::row);
    }

    @Override
    public boolean lease(Transaction tx, Thumbprint thumbprint, String owner, Instant now, Instant until) {
        return SqlTransaction.of(tx)
                        .update(
                                "UPDATE renewal_state SET lease_owner = ?, lease_until = ? WHERE thumbprint = ?"
                                        + " AND (lease_owner IS NULL OR lease_owner = ? OR lease_until IS NULL"
                                        + " OR lease_until <= ?)",
                                s -> {
                                    s.setString(1, owner);
                                    s.setLong(2, until.toEpochMilli());
                                    s.setString(3, thumbprint.hex());
                                    s.setString(4, owner);
                                    s.setLong(5, now.toEpochMilli());
                                })
                == 1;
    }

    @Override
    public void release(Transaction tx, Thumbprint thumbprint, String owner) {
        SqlTransaction.of(tx)
                .update(
                        "UPDATE renewal_state SET lease_owner = NULL, lease_until = NULL"
                                + " WHERE thumbprint = ? AND lease_owner = ?",
                        s -> {
                            s.setString(1, thumbprint.hex());
                            s.setString(2, owner);
                        });
    }

    @Override
    public void recordRenewal(Transaction tx, Thumbprint renewed, Thumbprint replaced, Instant at) {
        SqlTransaction.of(tx)
                .update("INSERT INTO certificate_lineage (thumbprint, replaces, renewed_at) VALUES (?, ?, ?)", s -> {
                    s.setString(1, renewed.hex());
                    s.setString(2, replaced.hex());
                    s.setLong(3, at.toEpochMilli());
                });
    }

    @Override
    public Optional<Thumbprint> replaces(Transaction tx, Thumbprint thumbprint) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT replaces FROM certificate_lineage WHERE thumbprint = ?",
                        s -> s.setString(1, thumbprint.hex()),
                        r -> new Thumbprint(r.getString(1)));
    }

    @Override
    public Optional<Thumbprint> replacedBy(Transaction tx, Thumbprint thumbprint) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT thumbprint FROM certificate_lineage WHERE replaces = ? ORDER BY renewed_at DESC"
                                + " LIMIT 1",
                        s -> s.setString(1, thumbprint.hex()),
                        r -> new Thumbprint(r.getString(1)));
    }

    @Override
    public void forgetRenewal(Transaction tx, Thumbprint renewed) {
        SqlTransaction.of(tx)
                .update("DELETE FROM certificate_lineage WHERE thumbprint = ?", s -> s.setString(1, renewed.hex()));
    }
}
