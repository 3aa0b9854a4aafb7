package io.certwiz.store;

import java.util.List;

/** The SQL databases certwiz keeps its state in. */
public enum Dialect {
    /** One server, embedded file. */
    SQLITE("sqlite"),
    /** A pool of servers sharing one database. */
    POSTGRESQL("postgresql");

    private final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    /**
     * Where Flyway finds this dialect's migrations: {@code common} holds those that are the same SQL on
     * both databases, the dialect's own folder those that are not (column types, and the "C" collation
     * PostgreSQL needs to sort text as SQLite does). A migration, once released, never changes: its
     * checksum is in every store's history.
     */
    public List<String> migrationLocations() {
        return List.of("classpath:db/migration/common", "classpath:db/migration/" + migrations);
    }

    public static Dialect ofUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException(
                "unsupported database URL: " + jdbcUrl.replaceAll("password=[^&]*", "password=***"));
    }
}
