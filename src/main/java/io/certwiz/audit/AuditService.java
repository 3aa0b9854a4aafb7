package io.certwiz.audit;

import io.certwiz.store.Store;
import java.time.Clock;
import java.util.List;

/** The audit log as the faces use it: its newest entries, and an event that changes nothing else. */
public final class AuditService {
    private final Store store;
    private final AuditLog log;
    private final Clock clock;

    public AuditService(Store store, AuditLog log, Clock clock) {
        this.store = store;
        this.log = log;
        this.clock = clock;
    }

    /** The newest entries first, at most {@code limit}. */
    public List<AuditEntry> newest(int limit) {
        return store.read(tx -> log.newest(tx, limit));
    }

    /** Records an event (such as a failed login) in a transaction of its own; {@code detail} holds no secret. */
    public void record(String actor, String operation, List<String> thumbprints, String detail) {
        store.write(tx -> {
            log.append(tx, clock.instant(), actor, operation, thumbprints, detail);
            return null;
        });
    }
}
