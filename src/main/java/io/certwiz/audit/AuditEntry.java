package io.certwiz.audit;

import java.util.List;

/** One recorded change or failed login: when, who, what, and which certificates it touched. */
public record AuditEntry(long id, String at, String actor, String operation, List<String> thumbprints, String detail) {
    public AuditEntry {
        thumbprints = List.copyOf(thumbprints);
    }
}
