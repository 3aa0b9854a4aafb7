package io.certwiz.store.jdbc;

import io.certwiz.assignment.AssignmentChange;
import io.certwiz.assignment.AssignmentHistory;
import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.time.Instant;
import java.util.List;

/** {@link AssignmentHistory} in the {@code assignment_history} table, numbered per usage. */
public final class SqlAssignmentHistory implements AssignmentHistory {
    @Override
    public void append(Transaction tx, Usage usage, Thumbprint thumbprint, Instant at, String cause) {
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO assignment_history (usage, seq, thumbprint, assigned_at, cause)"
                                + " SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM assignment_history"
                                + " WHERE usage = ?",
                        s -> {
                            s.setString(1, usage.name());
                            s.setString(2, thumbprint == null ? null : thumbprint.hex());
                            s.setLong(3, at.toEpochMilli());
                            s.setString(4, cause);
                            s.setString(5, usage.name());
                        });
    }

    @Override
    public List<AssignmentChange> of(Transaction tx, Usage usage, int limit) {
        return SqlTransaction.of(tx)
                .query(
                        "SELECT seq, thumbprint, assigned_at, cause FROM assignment_history WHERE usage = ?"
                                + " ORDER BY seq DESC LIMIT ?",
                        s -> {
                            s.setString(1, usage.name());
                            s.setInt(2, limit);
                        },
                        r -> {
                            String thumbprint = r.getString("thumbprint");
                            return new AssignmentChange(
                                    usage,
                                    r.getLong("seq"),
                                    thumbprint == null ? null : new Thumbprint(thumbprint),
                                    SqlTransaction.instant(r, "assigned_at"),
                                    r.getString("cause"));
                        });
    }

    @Override
    public boolean everAssigned(Transaction tx, Thumbprint thumbprint) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT 1 FROM assignment_history WHERE thumbprint = ? LIMIT 1",
                        s -> s.setString(1, thumbprint.hex()),
                        r -> true)
                .isPresent();
    }
}
