-- ACME server on the embedded CA (issue 4): issuance policy, external account binding keys, and the
-- accounts, orders, authorizations and certificates of RFC 8555. Ids are random URL-safe text; times are
-- epoch milliseconds. The same SQL for SQLite and PostgreSQL.
CREATE TABLE acme_server_policy (
    pattern TEXT COLLATE "C" PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('allow', 'deny')),
    added_at BIGINT NOT NULL
);

CREATE TABLE acme_server_eab_keys (
    kid TEXT COLLATE "C" PRIMARY KEY,
    sealed_hmac TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    account_id TEXT
);

CREATE TABLE acme_server_accounts (
    id TEXT PRIMARY KEY,
    key_thumbprint TEXT NOT NULL UNIQUE,
    jwk TEXT NOT NULL,
    status TEXT NOT NULL,
    contact TEXT NOT NULL,
    eab_kid TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE acme_server_orders (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES acme_server_accounts (id),
    status TEXT NOT NULL,
    identifiers TEXT NOT NULL,
    expires BIGINT NOT NULL,
    error TEXT,
    certificate_id TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX acme_server_orders_account ON acme_server_orders (account_id, created_at);

CREATE TABLE acme_server_authorizations (
    id TEXT PRIMARY KEY,
    order_id TEXT NOT NULL REFERENCES acme_server_orders (id),
    ordinal INTEGER NOT NULL,
    account_id TEXT NOT NULL,
    identifier TEXT NOT NULL,
    status TEXT NOT NULL,
    expires BIGINT NOT NULL,
    token TEXT NOT NULL,
    challenge_type TEXT,
    validated_at BIGINT,
    error TEXT
);
CREATE INDEX acme_server_authorizations_order ON acme_server_authorizations (order_id);
CREATE INDEX acme_server_authorizations_account ON acme_server_authorizations (account_id, identifier);

CREATE TABLE acme_server_certificates (
    id TEXT PRIMARY KEY,
    serial TEXT NOT NULL UNIQUE,
    account_id TEXT NOT NULL,
    order_id TEXT NOT NULL,
    chain TEXT NOT NULL,
    issued_at BIGINT NOT NULL
);
