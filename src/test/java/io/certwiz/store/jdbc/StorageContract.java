package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.crypto.KeyOwner;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.store.Dialect;
import io.certwiz.store.SqlStore;
import io.certwiz.store.Store;
import io.certwiz.store.TestDatabases;
import io.certwiz.store.Transaction;
import io.certwiz.x509.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the storage adapters' contract tests share: each runs on SQLite and on PostgreSQL against a new
 * empty store, with fixed times, a small PKI, and the store's refusal of a broken reference.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
abstract class StorageContract {
    static final Instant T0 = Instant.ofEpochMilli(1_750_000_000_123L);
    static final Instant T1 = Instant.ofEpochMilli(1_750_000_999_456L);

    static final TestPki.Issued ROOT = TestPki.selfSignedCa("CN=Contract Root");
    static final TestPki.Issued INTERMEDIATE = TestPki.leaf("CN=contract intermediate", ROOT);
    static final TestPki.Issued LEAF_A = TestPki.leaf("CN=alpha.example.com", INTERMEDIATE, "alpha.example.com");
    static final TestPki.Issued LEAF_B = TestPki.leaf("CN=Beta.example.com", INTERMEDIATE, "beta.example.com");

    final KeyRecords keys = new SqlKeyRecords();

    @Parameter
    Dialect dialect;

    SqlStore store;

    @BeforeEach
    void openStore() {
        store = TestDatabases.fresh(dialect);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A key for certificates and requests to point at. */
    long key(Transaction tx) {
        return keys.add(tx, KeyOwner.CERTIFICATE, "EC", bytes("public"), bytes("sealed"), false, T0);
    }

    /** The database refuses the write (a foreign key): one line, nothing committed. */
    void assertRefused(Store.Work<?> work) {
        Throwable thrown = catchThrowable(() -> store.write(work));
        assertThat(thrown).isInstanceOf(CertwizException.class);
        assertThat(((CertwizException) thrown).failure()).isEqualTo(Failure.ERROR);
        assertThat(thrown.getMessage()).startsWith("store update failed").doesNotContain("\n");
    }
}
