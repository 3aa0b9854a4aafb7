-- ACME server nonces redeemed on a pool that shares a PostgreSQL store: the nonce id, once used, until
-- the nonce expires (epoch milliseconds); older rows are swept. The same SQL for SQLite and PostgreSQL.
CREATE TABLE acme_server_nonces (
    id TEXT PRIMARY KEY,
    expires BIGINT NOT NULL
);
CREATE INDEX acme_server_nonces_expires ON acme_server_nonces (expires);
