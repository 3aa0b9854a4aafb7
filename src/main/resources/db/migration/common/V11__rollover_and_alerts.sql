-- Staged roll-over (issue 10): a usage's next certificate and the instant it becomes current, shared by
-- every server of a pool; and the alerts: where they are sent, and each alert's state. Times are epoch
-- milliseconds. The same SQL for SQLite and PostgreSQL.
ALTER TABLE assignments ADD COLUMN next_thumbprint TEXT;
ALTER TABLE assignments ADD COLUMN next_effective_at BIGINT;

CREATE TABLE alert_channels (
    name TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    settings TEXT NOT NULL,
    sealed_secret TEXT,
    min_severity TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE alert_states (
    alert_key TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    severity TEXT NOT NULL,
    subject TEXT NOT NULL,
    message TEXT NOT NULL,
    first_seen BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    last_sent BIGINT,
    sent_count INTEGER NOT NULL,
    resolved_at BIGINT
);
