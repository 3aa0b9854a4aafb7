package io.certwiz.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Empty, migrated stores for storage contract tests, on each database certwiz supports: a SQLite file
 * in a temporary directory, or a database copied from a migrated template on one embedded PostgreSQL
 * started once per test JVM (ICU en-US collation, as a typical production database sorts text).
 */
public final class TestDatabases {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres postgres;

    private TestDatabases() {}

    /** A new empty store of {@code dialect}; the caller closes it. */
    public static SqlStore fresh(Dialect dialect) {
        try {
            return switch (dialect) {
                case SQLITE -> {
                    Empty file = empty(Dialect.SQLITE);
                    yield Database.open(file.url(), null, null);
                }
                case POSTGRESQL -> {
                    String name = createDatabase(" TEMPLATE contract_template");
                    yield Database.open(postgres().getJdbcUrl("postgres", name), "postgres", "postgres");
                }
            };
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a " + dialect + " test store", e);
        }
    }

    /** Where a new database is, without any schema: its JDBC URL and credentials (null for SQLite). */
    public record Empty(String url, String user, String password) {}

    /** A new database of {@code dialect} with nothing in it, not even the store's schema. */
    public static Empty empty(Dialect dialect) {
        try {
            return switch (dialect) {
                case SQLITE -> {
                    Path dir = Files.createTempDirectory("certwiz-contract");
                    dir.toFile().deleteOnExit();
                    yield new Empty(
                            "jdbc:sqlite:" + dir.resolve("store-" + DATABASES.incrementAndGet() + ".db"), null, null);
                }
                case POSTGRESQL ->
                    new Empty(postgres().getJdbcUrl("postgres", createDatabase("")), "postgres", "postgres");
            };
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a " + dialect + " test database", e);
        }
    }

    private static String createDatabase(String options) throws Exception {
        String name = "contract_" + DATABASES.incrementAndGet();
        try (Connection c = postgres().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + options);
        }
        return name;
    }

    private static synchronized EmbeddedPostgres postgres() throws Exception {
        if (postgres == null) {
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setLocaleConfig("locale-provider", "icu")
                    .setLocaleConfig("icu-locale", "en-US")
                    .setServerConfig("max_connections", "300")
                    .start();
            try (Connection c = pg.getPostgresDatabase().getConnection();
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE contract_template");
            }
            Database.open(pg.getJdbcUrl("postgres", "contract_template"), "postgres", "postgres")
                    .close();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception ignored) {
                    // the JVM is ending
                }
            }));
            postgres = pg;
        }
        return postgres;
    }
}
