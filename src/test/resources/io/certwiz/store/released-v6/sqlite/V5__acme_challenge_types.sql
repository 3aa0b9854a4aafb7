-- Challenge answers the running server gives for an ACME client (issue 4): http-01 as before, and now
-- tls-alpn-01, answered on the WebServicesExternal listener for the name asked for by SNI.
ALTER TABLE acme_client_challenges ADD COLUMN challenge_type TEXT NOT NULL DEFAULT 'http-01';
