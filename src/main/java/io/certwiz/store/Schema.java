package io.certwiz.store;

import io.certwiz.CertwizException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** Brings the schema up to date with Flyway, and skips Flyway entirely when it already is. */
final class Schema {
    /** The newest migration's version; raise it with every new migration. */
    static final int CURRENT_VERSION = 15;

    private Schema() {}

    /** Held while this process migrates an SQLite file; the file lock below keeps other processes out. */
    private static final Object SQLITE_MIGRATION = new Object();

    /**
     * Migrates unless current. {@code lockFile} (SQLite) is locked around the migration: SQLite gives a
     * second writer SQLITE_BUSY at once when Flyway's transactions collide, so two processes (or
     * threads) opening a new store at the same moment take turns instead. PostgreSQL needs no lock
     * file: Flyway holds an advisory lock there.
     */
    static void migrate(DataSource dataSource, Dialect dialect, Path lockFile) {
        if (isCurrent(dataSource)) {
            return;
        }
        if (lockFile == null) {
            runFlyway(dataSource, dialect);
            return;
        }
        synchronized (SQLITE_MIGRATION) {
            try (FileChannel channel =
                    FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.lock(); // held until the channel closes
                if (!isCurrent(dataSource)) {
                    runFlyway(dataSource, dialect);
                }
            } catch (IOException e) {
                throw CertwizException.error("cannot lock the store to update its schema: " + e.getMessage(), e);
            }
        }
    }

    /** Flyway over the store's database, with the dialect's migrations. */
    static Flyway flyway(DataSource dataSource, Dialect dialect) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(dialect.migrationLocations().toArray(String[]::new))
                .loggers("slf4j")
                .load();
    }

    private static void runFlyway(DataSource dataSource, Dialect dialect) {
        try {
            flyway(dataSource, dialect).migrate();
        } catch (RuntimeException e) {
            throw CertwizException.error("cannot bring the store's schema up to date: " + reason(e), e);
        }
    }

    /** One line: the database's own error when there is one, else Flyway's report folded onto one line. */
    private static String reason(RuntimeException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                return SqlStore.oneLine(sql.getMessage());
            }
        }
        return SqlStore.oneLine(e.getMessage());
    }

    private static boolean isCurrent(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return isCurrent(
                    connection,
                    connection.getMetaData().getDatabaseProductName().contains("SQLite")
                            ? Dialect.SQLITE
                            : Dialect.POSTGRESQL);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Whether Flyway's history says the newest migration is applied: one query, no Flyway class loaded.
     * Leaves {@code connection} as it found it.
     */
    static boolean isCurrent(Connection connection, Dialect dialect) {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version FROM flyway_schema_history WHERE success = "
                        + (dialect == Dialect.SQLITE ? "1" : "true") + " AND version IS NOT NULL")) {
            int newest = 0;
            while (rows.next()) {
                newest = Math.max(newest, Integer.parseInt(rows.getString(1)));
            }
            return newest == CURRENT_VERSION;
        } catch (SQLException | NumberFormatException e) {
            return false;
        }
    }
}
