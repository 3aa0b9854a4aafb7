-- ACME client: the ACME CAs certwiz requests from (one account each), the certificates they issued
-- with their ACME Renewal Information (RFC 9773), and the http-01 answers a running server serves.
CREATE TABLE acme_client_accounts (
    name TEXT COLLATE "C" PRIMARY KEY,
    directory_url TEXT NOT NULL,
    account_url TEXT NOT NULL,
    key_id BIGINT NOT NULL REFERENCES private_keys (id),
    contacts TEXT NOT NULL,
    ca_bundle TEXT,
    eab_kid TEXT,
    profile TEXT,
    terms_of_service TEXT,
    created_at BIGINT NOT NULL
);

CREATE TABLE acme_client_certificates (
    thumbprint TEXT PRIMARY KEY,
    ca_name TEXT NOT NULL,
    ari_id TEXT,
    certificate_url TEXT,
    order_url TEXT,
    chain_issuer TEXT,
    alternate_issuers TEXT NOT NULL,
    window_start BIGINT,
    window_end BIGINT,
    window_explanation TEXT,
    window_checked_at BIGINT,
    issued_at BIGINT NOT NULL
);

CREATE TABLE acme_client_challenges (
    token TEXT PRIMARY KEY,
    key_authorization TEXT NOT NULL,
    identifier TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);
