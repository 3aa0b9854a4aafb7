package io.certwiz.store.jdbc;

import io.certwiz.crypto.KeyOwner;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.StoredKey;
import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link KeyRecords} in the {@code private_keys} table. */
public final class SqlKeyRecords implements KeyRecords {
    @Override
    public long add(
            Transaction tx,
            KeyOwner owner,
            String algorithm,
            byte[] publicKey,
            byte[] sealed,
            boolean exportable,
            Instant createdAt) {
        return SqlTransaction.of(tx)
                .insertReturningId(
                        "INSERT INTO private_keys (owner, algorithm, public_key, sealed, exportable, created_at)"
                                + " VALUES (?, ?, ?, ?, ?, ?)",
                        s -> {
                            s.setString(1, owner.column());
                            s.setString(2, algorithm);
                            s.setBytes(3, publicKey);
                            s.setBytes(4, sealed);
                            s.setBoolean(5, exportable);
                            s.setLong(6, createdAt.toEpochMilli());
                        });
    }

    @Override
    public void reseal(Transaction tx, long id, byte[] sealed) {
        SqlTransaction.of(tx).update("UPDATE private_keys SET sealed = ? WHERE id = ?", s -> {
            s.setBytes(1, sealed);
            s.setLong(2, id);
        });
    }

    @Override
    public long addOnToken(
            Transaction tx, KeyOwner owner, String algorithm, byte[] publicKey, String tokenUri, Instant createdAt) {
        return SqlTransaction.of(tx)
                .insertReturningId(
                        "INSERT INTO private_keys (owner, algorithm, public_key, sealed, exportable, created_at,"
                                + " token_uri) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        s -> {
                            s.setString(1, owner.column());
                            s.setString(2, algorithm);
                            s.setBytes(3, publicKey);
                            s.setBytes(4, new byte[0]);
                            s.setBoolean(5, false);
                            s.setLong(6, createdAt.toEpochMilli());
                            s.setString(7, tokenUri);
                        });
    }

    private static final String SELECT =
            "SELECT id, owner, algorithm, public_key, sealed, exportable, created_at, token_uri FROM private_keys";

    private static StoredKey row(ResultSet r) throws SQLException {
        return new StoredKey(
                r.getLong(1),
                KeyOwner.ofColumn(r.getString(2)),
                r.getString(3),
                r.getBytes(4),
                r.getBytes(5),
                r.getBoolean(6),
                Instant.ofEpochMilli(r.getLong(7)),
                r.getString(8));
    }

    @Override
    public Optional<StoredKey> find(Transaction tx, long id) {
        return SqlTransaction.of(tx).queryOne(SELECT + " WHERE id = ?", s -> s.setLong(1, id), SqlKeyRecords::row);
    }

    @Override
    public List<StoredKey> all(Transaction tx) {
        return SqlTransaction.of(tx).query(SELECT + " ORDER BY id", s -> {}, SqlKeyRecords::row);
    }

    @Override
    public void delete(Transaction tx, long id) {
        SqlTransaction.of(tx).update("DELETE FROM private_keys WHERE id = ?", s -> s.setLong(1, id));
    }
}
