package io.certwiz.acme.server;

/**
 * Replay-Nonce values (RFC 8555 6.5): each one given out is accepted once, for a while. {@link Nonces}
 * keeps them in memory for a server alone on its (SQLite) store; {@link StoreNonces} lets every server of
 * a pool on one PostgreSQL store redeem the others' nonces.
 */
interface ReplayNonces {
    /** A new nonce. */
    String next();

    /** Uses up a nonce: true once for a nonce this server (or its pool) gave out and that has not expired. */
    boolean consume(String nonce);
}
