package io.certwiz.store.jdbc;

import io.certwiz.audit.AuditEntry;
import io.certwiz.audit.AuditLog;
import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** {@link AuditLog} in the {@code audit_log} table. */
public final class SqlAuditLog implements AuditLog {
    @Override
    public void append(
            Transaction tx, Instant at, String actor, String operation, List<String> thumbprints, String detail) {
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO audit_log (at, actor, operation, thumbprints, detail) VALUES (?, ?, ?, ?, ?)",
                        s -> {
                            s.setLong(1, at.toEpochMilli());
                            s.setString(2, actor);
                            s.setString(3, operation);
                            s.setString(4, String.join(",", thumbprints));
                            s.setString(5, detail == null ? "" : detail);
                        });
    }

    @Override
    public List<AuditEntry> newest(Transaction tx, int limit) {
        return SqlTransaction.of(tx)
                .query(
                        "SELECT id, at, actor, operation, thumbprints, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                        s -> s.setInt(1, limit),
                        r -> new AuditEntry(
                                r.getLong(1),
                                Instant.ofEpochMilli(r.getLong(2)).toString(),
                                r.getString(3),
                                r.getString(4),
                                r.getString(5).isEmpty()
                                        ? List.of()
                                        : Arrays.asList(r.getString(5).split(",")),
                                r.getString(6)));
    }
}
