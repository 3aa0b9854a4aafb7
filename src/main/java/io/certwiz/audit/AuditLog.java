package io.certwiz.audit;

import io.certwiz.store.Transaction;
import java.time.Instant;
import java.util.List;

/** The audit log's storage: every change and every failed login, appended inside the change's transaction. */
public interface AuditLog {
    /** Appends an entry; {@code detail} never holds a secret. */
    void append(Transaction tx, Instant at, String actor, String operation, List<String> thumbprints, String detail);

    /** The newest entries first, at most {@code limit}. */
    List<AuditEntry> newest(Transaction tx, int limit);
}
