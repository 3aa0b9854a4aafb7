package io.certwiz.store.jdbc;

import io.certwiz.request.PendingRequest;
import io.certwiz.request.PendingRequests;
import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@link PendingRequests} in the {@code pending_requests} table (usages as a comma-separated list). */
public final class SqlPendingRequests implements PendingRequests {
    private static final String SELECT =
            "SELECT id, csr, key_id, usages, friendly_name, ca, created_at FROM pending_requests";

    private static PendingRequest row(ResultSet r) throws SQLException {
        return new PendingRequest(
                r.getLong("id"),
                r.getString("csr"),
                r.getLong("key_id"),
                Arrays.stream(r.getString("usages").split(","))
                        .map(Usage::valueOf)
                        .toList(),
                r.getString("friendly_name"),
                r.getString("ca"),
                SqlTransaction.instant(r, "created_at"));
    }

    @Override
    public long add(
            Transaction tx, String csrPem, long keyId, List<Usage> usages, String friendlyName, String ca, Instant at) {
        return SqlTransaction.of(tx)
                .insertReturningId(
                        "INSERT INTO pending_requests (csr, key_id, usages, friendly_name, ca, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)",
                        s -> {
                            s.setString(1, csrPem);
                            s.setLong(2, keyId);
                            s.setString(
                                    3,
                                    String.join(
                                            ",",
                                            usages.stream().map(Usage::name).toList()));
                            s.setString(4, friendlyName);
                            s.setString(5, ca);
                            s.setLong(6, at.toEpochMilli());
                        });
    }

    @Override
    public List<PendingRequest> all(Transaction tx) {
        return SqlTransaction.of(tx).query(SELECT + " ORDER BY id", s -> {}, SqlPendingRequests::row);
    }

    @Override
    public Optional<PendingRequest> find(Transaction tx, long id) {
        return SqlTransaction.of(tx).queryOne(SELECT + " WHERE id = ?", s -> s.setLong(1, id), SqlPendingRequests::row);
    }

    @Override
    public void delete(Transaction tx, long id) {
        SqlTransaction.of(tx).update("DELETE FROM pending_requests WHERE id = ?", s -> s.setLong(1, id));
    }
}
