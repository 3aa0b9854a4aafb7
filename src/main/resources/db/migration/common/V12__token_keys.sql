-- Keys on a PKCS#11 token: the RFC 7512 pkcs11: URI of the token object; NULL for a key sealed in the
-- store. A token key's sealed column is empty. The same SQL for SQLite and PostgreSQL.
ALTER TABLE private_keys ADD COLUMN token_uri TEXT;
