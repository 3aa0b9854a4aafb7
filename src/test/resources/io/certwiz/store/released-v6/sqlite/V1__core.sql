-- certwiz core schema (SQLite). Times are epoch milliseconds; certificates and keys are DER/sealed bytes.
CREATE TABLE server_identity (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    fqdn TEXT NOT NULL,
    pool_fqdn TEXT NOT NULL,
    web_internal_fqdn TEXT NOT NULL,
    web_external_fqdn TEXT NOT NULL,
    sip_domains TEXT NOT NULL
);

CREATE TABLE private_keys (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    algorithm TEXT NOT NULL,
    public_key BLOB NOT NULL,
    sealed BLOB NOT NULL,
    exportable INTEGER NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE certificates (
    thumbprint TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    store TEXT NOT NULL CHECK (store IN ('personal', 'root', 'intermediate')),
    der BLOB NOT NULL,
    subject TEXT NOT NULL,
    issuer TEXT NOT NULL,
    not_after BIGINT NOT NULL,
    friendly_name TEXT,
    key_id BIGINT REFERENCES private_keys (id),
    added_at BIGINT NOT NULL
);
CREATE INDEX certificates_store ON certificates (store);

CREATE TABLE pending_requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    csr TEXT NOT NULL,
    key_id BIGINT NOT NULL REFERENCES private_keys (id),
    usages TEXT NOT NULL,
    friendly_name TEXT,
    ca TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE assignments (
    usage TEXT PRIMARY KEY,
    thumbprint TEXT NOT NULL REFERENCES certificates (thumbprint),
    assigned_at BIGINT NOT NULL,
    previous_thumbprint TEXT,
    effective_at BIGINT
);

CREATE TABLE issued_certificates (
    serial TEXT PRIMARY KEY,
    thumbprint TEXT NOT NULL,
    issuer_thumbprint TEXT NOT NULL,
    not_after BIGINT NOT NULL,
    issued_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revocation_reason INTEGER
);

CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
