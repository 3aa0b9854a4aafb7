package io.certwiz.store.jdbc;

import io.certwiz.store.Settings;
import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import java.util.Optional;

/** {@link Settings} in the {@code settings} table. */
public final class SqlSettings implements Settings {
    @Override
    public Optional<String> get(Transaction tx, String name) {
        return SqlTransaction.of(tx)
                .queryOne("SELECT value FROM settings WHERE name = ?", s -> s.setString(1, name), r -> r.getString(1));
    }

    @Override
    public void put(Transaction tx, String name, String value) {
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO settings (name, value) VALUES (?, ?)"
                                + " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                        s -> {
                            s.setString(1, name);
                            s.setString(2, value);
                        });
    }
}
