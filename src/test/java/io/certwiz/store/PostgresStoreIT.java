package io.certwiz.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store contract on a real PostgreSQL (embedded, started once for the class; each test gets its
 * own copy of a database migrated once). The cluster sorts text with ICU en-US, as a typical production database would, so
 * that any ordering that depends on the database's collation shows up here.
 */
class PostgresStoreIT extends StoreContractTest {
    private static EmbeddedPostgres postgres;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @BeforeAll
    static void startPostgres() throws Exception {
        postgres = EmbeddedPostgres.builder()
                .setLocaleConfig("locale-provider", "icu")
                .setLocaleConfig("icu-locale", "en-US")
                .setServerConfig("max_connections", "300")
                .setServerConfig("deadlock_timeout", "100ms")
                .start();
        // Migrate once; every test then gets a copy of that database (much faster than migrating each).
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE certwiz_template");
        }
        Database.open(postgres.getJdbcUrl("postgres", "certwiz_template"), "postgres", "postgres")
                .close();
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    Target newTarget() throws Exception {
        String name = "certwiz_" + DATABASES.incrementAndGet();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " TEMPLATE certwiz_template");
        }
        return new Target(postgres.getJdbcUrl("postgres", name), "postgres", "postgres");
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.POSTGRESQL;
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void conflictingSerializableWritersAreRetried() throws Exception {
        store.write(tx -> {
            settings.put(tx, "counter", "0");
            return null;
        });
        // Both writers read the counter, wait until the other has read it too, then write it: one of
        // them must fail to serialize (SQLSTATE 40001), and the store runs its work again.
        CyclicBarrier bothRead = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?>[] futures = new Future<?>[2];
            for (int i = 0; i < 2; i++) {
                SqlStore s = i == 0 ? store : open();
                futures[i] = pool.submit(() -> s.write(tx -> {
                    int attempt = attempts.incrementAndGet();
                    long counter = Long.parseLong(settings.get(tx, "counter").orElseThrow());
                    if (attempt <= 2) {
                        try {
                            bothRead.await(20, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    settings.put(tx, "counter", Long.toString(counter + 1));
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(setting("counter")).contains("2");
        assertThat(attempts.get())
                .as("work runs again after a serialization failure")
                .isGreaterThan(2);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void aDeadlockIsRetried() throws Exception {
        store.write(tx -> {
            settings.put(tx, "x", "0");
            settings.put(tx, "y", "0");
            return null;
        });
        // One writer locks x then y, the other y then x: PostgreSQL breaks the deadlock (SQLSTATE
        // 40P01) by aborting one of them, which the store runs again.
        CyclicBarrier bothLocked = new CyclicBarrier(2);
        AtomicInteger attempts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?>[] futures = new Future<?>[2];
            for (int i = 0; i < 2; i++) {
                SqlStore s = i == 0 ? store : open();
                String first = i == 0 ? "x" : "y";
                String second = i == 0 ? "y" : "x";
                futures[i] = pool.submit(() -> s.write(tx -> {
                    int attempt = attempts.incrementAndGet();
                    settings.put(tx, first, "locked");
                    if (attempt <= 2) {
                        try {
                            bothLocked.await(20, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                    settings.put(tx, second, "done by " + first);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(attempts.get()).as("the aborted writer ran again").isGreaterThan(2);
        assertThat(count("settings")).isEqualTo(2);
    }
}
