package io.certwiz.acme.server;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Replay-Nonce values (RFC 8555 6.5): each one given out is accepted once, for a while. The composition
 * root chooses: {@link #inMemory} for a server alone on its store, {@link #shared} for the servers of a
 * pool on one PostgreSQL store, which redeem each other's nonces.
 */
public interface ReplayNonces {
    /** A new nonce. */
    String next();

    /** Uses up a nonce: true once for a nonce this server (or its pool) gave out and that has not expired. */
    boolean consume(String nonce);

    /** Nonces kept in this process. */
    static ReplayNonces inMemory(Clock clock) {
        return new Nonces(clock);
    }

    /** Nonces any server of a pool sharing {@code storage} accepts; {@code masterKey} is read when first needed. */
    static ReplayNonces shared(AcmeServerStorage storage, Supplier<byte[]> masterKey, Clock clock) {
        return new StoreNonces(storage, masterKey, clock);
    }

    /** Master-key rotation: the pool's nonce key, if there is one, re-sealed under {@code newMaster} in {@code tx}. */
    static boolean resealSharedKey(
            io.certwiz.store.Transaction tx, AcmeServerStorage storage, byte[] oldMaster, byte[] newMaster) {
        return StoreNonces.reseal(tx, storage, oldMaster, newMaster);
    }
}
