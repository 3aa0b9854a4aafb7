-- Renewal: each tracked certificate's state (due time, retries, a pool's lease) and the lineage of renewals.
-- The same SQL on SQLite and PostgreSQL; times are epoch milliseconds, thumbprints uppercase hex.
CREATE TABLE renewal_state (
    thumbprint TEXT PRIMARY KEY,
    due_at BIGINT NOT NULL,
    next_attempt_at BIGINT NOT NULL,
    failures INTEGER NOT NULL,
    last_attempt_at BIGINT,
    last_error TEXT,
    lease_owner TEXT,
    lease_until BIGINT
);
CREATE INDEX renewal_state_next_attempt ON renewal_state (next_attempt_at);

CREATE TABLE certificate_lineage (
    thumbprint TEXT PRIMARY KEY,
    replaces TEXT NOT NULL,
    renewed_at BIGINT NOT NULL
);
CREATE INDEX certificate_lineage_replaces ON certificate_lineage (replaces);
