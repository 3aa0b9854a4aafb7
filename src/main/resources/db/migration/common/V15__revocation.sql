-- Revocation end to end (issue 11). The same SQL for SQLite and PostgreSQL.
-- The embedded CA's current CRL, one per issuing CA, signed once and served by every server of a pool:
-- its number only grows; revoked_count is how many revocations of that CA it lists (a new revocation,
-- made by `certwiz revoke` or by the ACME server, makes it stale). der is base64.
CREATE TABLE ca_crls (
    issuer_thumbprint TEXT PRIMARY KEY,
    crl_number BIGINT NOT NULL,
    this_update BIGINT NOT NULL,
    next_update BIGINT NOT NULL,
    revoked_count BIGINT NOT NULL,
    der TEXT NOT NULL
);
-- CRLs and OCSP responses fetched from outside CAs, kept until their nextUpdate (epoch milliseconds).
-- source is the URL (a CRL) or the responder URL and the certificate ID (an OCSP response); der is base64.
CREATE TABLE revocation_cache (
    source TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    fetched_at BIGINT NOT NULL,
    next_update BIGINT NOT NULL,
    der TEXT NOT NULL
);
CREATE INDEX revocation_cache_next_update ON revocation_cache (next_update);
-- certwiz revoke names a certificate by thumbprint.
CREATE INDEX issued_certificates_thumbprint ON issued_certificates (thumbprint);
