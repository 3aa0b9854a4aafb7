package io.certwiz.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.usage.Usage;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded SQLite file, plus what only SQLite needs: writers queueing on one file. */
class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path directory;

    private int databases;

    @Override
    Target newTarget() {
        return new Target("jdbc:sqlite:" + directory.resolve("store-" + databases++ + ".db"), null, null);
    }

    @Override
    Dialect expectedDialect() {
        return Dialect.SQLITE;
    }

    @Test
    void openSqliteUsesTheFileAndTheJournalIsWal() throws Exception {
        Path file = directory.resolve("direct.db");
        try (SqlStore direct = Database.openSqlite(file)) {
            direct.write(tx -> {
                settings.put(tx, "x", "y");
                return null;
            });
        }
        assertThat(file).exists();
        target = new Target("jdbc:sqlite:" + file, null, null);
        try (Connection c = rawConnection();
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
            r.next();
            assertThat(r.getString(1)).isEqualToIgnoringCase("wal");
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentWritersOnOneFileAllSucceed() throws Exception {
        // Two stores on one file (as two certwiz processes would have), four threads each.
        SqlStore second = open();
        List<SqlStore> stores = List.of(store, second);
        int threads = 8;
        int writesPerThread = 25;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SqlStore s = stores.get(t % 2);
                int thread = t;
                futures.add(pool.submit((Callable<Void>) () -> {
                    start.await();
                    for (int i = 0; i < writesPerThread; i++) {
                        int n = i;
                        s.write(tx -> {
                            // read-modify-write: a lost update would show in the counter below
                            long counter =
                                    Long.parseLong(settings.get(tx, "counter").orElse("0"));
                            long keyId = addKey(tx);
                            pending.add(tx, "csr", keyId, List.of(Usage.Default), null, "t" + thread, T0);
                            settings.put(tx, "t" + thread + "-" + n, "done");
                            settings.put(tx, "counter", Long.toString(counter + 1));
                            return null;
                        });
                        // interleave reads with the writes
                        s.read((Transaction tx) -> pending.all(tx).size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int total = threads * writesPerThread;
        assertThat(count("private_keys")).isEqualTo(total);
        assertThat(count("pending_requests")).isEqualTo(total);
        assertThat(count("settings")).isEqualTo(total + 1);
        assertThat(second.read((Transaction tx) -> settings.get(tx, "counter"))).contains(Integer.toString(total));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void storesOpenedAtOnceOnANewFileMigrateOnce() throws Exception {
        target = newTarget();
        int openers = 4;
        CyclicBarrier start = new CyclicBarrier(openers);
        ExecutorService pool = Executors.newFixedThreadPool(openers);
        try {
            List<Future<SqlStore>> futures = new ArrayList<>();
            for (int i = 0; i < openers; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    SqlStore s = Database.open(target.jdbcUrl(), null, null);
                    s.write(tx -> {
                        settings.put(tx, "opener-" + n, "ok");
                        return null;
                    });
                    return s;
                }));
            }
            for (Future<SqlStore> f : futures) {
                f.get(60, TimeUnit.SECONDS).close();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(count("settings")).isEqualTo(openers);
<<<<<<< ours
        assertThat(count("flyway_schema_history")).isEqualTo(Migrations.count(Dialect.SQLITE));
=======
        assertThat(count("flyway_schema_history"))
                .isEqualTo(StoreContractTest.migrations(io.certwiz.store.Dialect.SQLITE)
                        .size());
>>>>>>> theirs
    }
}
