package io.certwiz.store.jdbc;

import io.certwiz.revocation.RevocationCache;
import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/** {@link RevocationCache} in the {@code revocation_cache} table (the DER base64). */
public final class SqlRevocationCache implements RevocationCache {
    @Override
    public Optional<byte[]> find(Transaction tx, String source, Instant now) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT der FROM revocation_cache WHERE source = ? AND next_update > ?",
                        s -> {
                            s.setString(1, source);
                            s.setLong(2, now.toEpochMilli());
                        },
                        r -> Base64.getDecoder().decode(r.getString(1)));
    }

    @Override
    public void put(Transaction tx, String source, String kind, Instant fetchedAt, Instant nextUpdate, byte[] der) {
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO revocation_cache (source, kind, fetched_at, next_update, der) VALUES (?, ?, ?, ?, ?)"
                                + " ON CONFLICT (source) DO UPDATE SET kind = excluded.kind,"
                                + " fetched_at = excluded.fetched_at, next_update = excluded.next_update,"
                                + " der = excluded.der",
                        s -> {
                            s.setString(1, source);
                            s.setString(2, kind);
                            s.setLong(3, fetchedAt.toEpochMilli());
                            s.setLong(4, nextUpdate.toEpochMilli());
                            s.setString(5, Base64.getEncoder().encodeToString(der));
                        });
    }

    @Override
    public int sweep(Transaction tx, Instant now) {
        return SqlTransaction.of(tx)
                .update("DELETE FROM revocation_cache WHERE next_update <= ?", s -> s.setLong(1, now.toEpochMilli()));
    }
}
