package io.certwiz.store;

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

    /** Where Flyway finds this dialect's migrations. */
    public String migrationLocation() {
        return "classpath:db/migration/" + migrations;
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
