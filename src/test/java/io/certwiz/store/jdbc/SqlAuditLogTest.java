package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.audit.AuditEntry;
import io.certwiz.store.Dialect;
import io.certwiz.store.SqlStore;
import io.certwiz.store.TestDatabases;
import io.certwiz.store.Transaction;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The audit log's storage contract, on SQLite and on PostgreSQL. */
@ParameterizedClass
@EnumSource(Dialect.class)
class SqlAuditLogTest {
    @Parameter
    Dialect dialect;

    private final SqlAuditLog audit = new SqlAuditLog();
    private SqlStore store;

    @BeforeEach
    void open() {
        store = TestDatabases.fresh(dialect);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void entriesComeBackNewestFirstAndLimited() {
        Instant t0 = Instant.ofEpochMilli(1_750_000_000_123L);
        store.write(tx -> {
            audit.append(tx, t0, "cli:root", "import", List.of("AA", "BB"), "two");
            audit.append(tx, t0.plusSeconds(1), "web:admin", "assign", List.of(), null);
            audit.append(tx, t0.plusSeconds(2), "api:admin", "remove", List.of("CC"), "");
            return null;
        });
        List<AuditEntry> two = store.read((Transaction tx) -> audit.newest(tx, 2));
        assertThat(two).extracting(AuditEntry::operation).containsExactly("remove", "assign");
        assertThat(two.get(0).id()).isGreaterThan(two.get(1).id());
        assertThat(two.get(1).thumbprints()).isEmpty();
        assertThat(two.get(1).detail()).isEmpty();
        AuditEntry first = store.read((Transaction tx) -> audit.newest(tx, 10)).get(2);
        assertThat(first.thumbprints()).containsExactly("AA", "BB");
        assertThat(first.at()).isEqualTo(t0.toString());
        assertThat(first.actor()).isEqualTo("cli:root");
    }

    @Test
    void aRolledBackEntryIsNotKept() {
        try {
            store.write(tx -> {
                audit.append(tx, Instant.EPOCH, "cli:root", "doomed", List.of(), "");
                throw new IllegalStateException("the change failed");
            });
        } catch (IllegalStateException expected) {
            // the entry goes with the change
        }
        assertThat(store.read((Transaction tx) -> audit.newest(tx, 10))).isEmpty();
    }
}
