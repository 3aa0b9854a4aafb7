-- What each private key belongs to; from now on bound, with its id and exportability, into the key's
-- seal (AES-GCM associated data). Existing keys are classified by what refers to them here; the keys
-- themselves are re-sealed once by certwiz when it next opens the store (setting keys.sealing).
ALTER TABLE private_keys ADD COLUMN owner VARCHAR(32) NOT NULL DEFAULT 'certificate';
UPDATE private_keys SET owner = 'ca-root'
    WHERE id IN (SELECT CAST(value AS BIGINT) FROM settings WHERE name = 'ca.embedded.root-key');
UPDATE private_keys SET owner = 'ca-issuing'
    WHERE id IN (SELECT CAST(value AS BIGINT) FROM settings WHERE name = 'ca.embedded.intermediate-key');
UPDATE private_keys SET owner = 'acme-account'
    WHERE id IN (SELECT key_id FROM acme_client_accounts);
