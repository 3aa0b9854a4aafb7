package io.certwiz.store.jdbc;

import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.Assignments;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** {@link Assignments} in the {@code assignments} table; the change marker reads {@code certificates} too. */
public final class SqlAssignments implements Assignments {
    private static final String SELECT = "SELECT usage, thumbprint, assigned_at, previous_thumbprint, next_thumbprint,"
            + " next_effective_at FROM assignments";

    private static Assignment row(ResultSet r) throws SQLException {
        String previous = r.getString("previous_thumbprint");
        String next = r.getString("next_thumbprint");
        return new Assignment(
                Usage.valueOf(r.getString("usage")),
                new Thumbprint(r.getString("thumbprint")),
                SqlTransaction.instant(r, "assigned_at"),
                previous == null ? null : new Thumbprint(previous),
                next == null ? null : new Thumbprint(next),
                next == null ? null : SqlTransaction.instant(r, "next_effective_at"));
    }

    @Override
    public List<Assignment> all(Transaction tx) {
        return SqlTransaction.of(tx).query(SELECT + " ORDER BY usage", s -> {}, SqlAssignments::row);
    }

    @Override
    public Optional<Assignment> find(Transaction tx, Usage usage) {
        return SqlTransaction.of(tx)
                .queryOne(SELECT + " WHERE usage = ?", s -> s.setString(1, usage.name()), SqlAssignments::row);
    }

    @Override
    public void put(Transaction tx, Assignment assignment) {
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO assignments (usage, thumbprint, assigned_at, previous_thumbprint,"
                                + " next_thumbprint, next_effective_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (usage) DO UPDATE SET"
                                + " thumbprint = excluded.thumbprint, assigned_at = excluded.assigned_at,"
                                + " previous_thumbprint = excluded.previous_thumbprint,"
                                + " next_thumbprint = excluded.next_thumbprint,"
                                + " next_effective_at = excluded.next_effective_at",
                        s -> {
                            s.setString(1, assignment.usage().name());
                            s.setString(2, assignment.thumbprint().hex());
                            s.setLong(3, assignment.assignedAt().toEpochMilli());
                            s.setString(
                                    4,
                                    assignment.previous() == null
                                            ? null
                                            : assignment.previous().hex());
                            s.setString(
                                    5,
                                    assignment.next() == null
                                            ? null
                                            : assignment.next().hex());
                            if (assignment.nextEffectiveAt() == null) {
                                s.setNull(6, java.sql.Types.BIGINT);
                            } else {
                                s.setLong(6, assignment.nextEffectiveAt().toEpochMilli());
                            }
                        });
    }

    @Override
    public void delete(Transaction tx, Usage usage) {
        SqlTransaction.of(tx).update("DELETE FROM assignments WHERE usage = ?", s -> s.setString(1, usage.name()));
    }

    @Override
    public String changeMarker(Transaction tx) {
        SqlTransaction sql = SqlTransaction.of(tx);
        StringBuilder marker = new StringBuilder();
        sql.query(
                "SELECT usage, thumbprint, assigned_at, next_thumbprint, next_effective_at FROM assignments"
                        + " ORDER BY usage",
                s -> {},
                r -> marker.append(r.getString(1))
                        .append('=')
                        .append(r.getString(2))
                        .append('@')
                        .append(r.getLong(3))
                        .append('>')
                        .append(r.getString(4))
                        .append('@')
                        .append(r.getLong(5))
                        .append(';'));
        sql.query(
                "SELECT thumbprint, store FROM certificates WHERE store <> 'personal' ORDER BY thumbprint",
                s -> {},
                r -> marker.append(r.getString(1))
                        .append(':')
                        .append(r.getString(2))
                        .append(';'));
        return marker.toString();
    }
}
