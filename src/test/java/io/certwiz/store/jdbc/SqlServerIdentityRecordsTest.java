package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.store.Transaction;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.ServerIdentityRecords;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server identity's storage contract, on SQLite and on PostgreSQL. */
class SqlServerIdentityRecordsTest extends StorageContract {
    private final ServerIdentityRecords identities = new SqlServerIdentityRecords();

    @Test
    void identityIsEmptyThenSavedThenReplaced() {
        assertThat(store.read((Transaction tx) -> identities.identity(tx))).isEmpty();

        ServerIdentity first = new ServerIdentity(
                "srv.example.com", "pool.example.com", "int.example.com", "ext.example.com", List.of());
        store.write(tx -> {
            identities.save(tx, first);
            return null;
        });
        assertThat(store.read((Transaction tx) -> identities.identity(tx))).contains(first);

        ServerIdentity second = new ServerIdentity(
                "srv2.example.com",
                "pool2.example.com",
                "int2.example.com",
                "ext2.example.com",
                List.of("example.com", "example.org"));
        store.write(tx -> {
            identities.save(tx, second);
            return null;
        });
        assertThat(store.read((Transaction tx) -> identities.identity(tx))).contains(second);
    }
}
