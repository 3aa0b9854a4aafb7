package io.certwiz.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.certwiz.CertwizException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens the store's database: the embedded SQLite file, or a shared PostgreSQL. */
public final class Database {
    private Database() {}

    /** The embedded store in a data directory. */
    public static SqlStore openSqlite(Path file) {
        return open("jdbc:sqlite:" + file.toAbsolutePath(), null, null);
    }

    public static SqlStore open(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.ofUrl(jdbcUrl);
        if (dialect == Dialect.SQLITE) {
            return openSqliteUrl(jdbcUrl);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("certwiz-store");
        config.setInitializationFailTimeout(-1);
        config.setMinimumIdle(0);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(8);
        HikariDataSource dataSource;
        try {
            dataSource = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw CertwizException.error("cannot open the store: " + e.getMessage(), e);
        }
        try {
            Schema.migrate(dataSource, dialect, null);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new SqlStore(SqlStore.Connections.pooled(dataSource, dataSource), dialect);
    }

    /**
     * SQLite without a pool library: HikariCP's start-up and shut-down cost a one-shot command more than
     * the rest of opening the store (BENCHMARKS.md). Every connection gets the same settings: WAL with
     * synchronous=FULL (each commit is durable), foreign keys, and a busy timeout for concurrent writers.
     */
    private static SqlStore openSqliteUrl(String jdbcUrl) {
        Properties properties = new Properties();
        properties.setProperty("journal_mode", "WAL");
        properties.setProperty("synchronous", "FULL");
        properties.setProperty("foreign_keys", "true");
        properties.setProperty("busy_timeout", "15000");
        SQLiteDataSource source = new SQLiteDataSource(new SQLiteConfig(properties));
        source.setUrl(jdbcUrl);
        SqlStore.SqliteConnections connections = new SqlStore.SqliteConnections(source, 4);
        try {
            // The common case, a current schema, costs one query on the connection the first
            // transaction then reuses, and loads no Flyway class.
            if (!schemaIsCurrent(connections)) {
                Schema.migrate(source, Dialect.SQLITE, sqliteLockFile(jdbcUrl));
            }
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
        return new SqlStore(connections, Dialect.SQLITE);
    }

    private static boolean schemaIsCurrent(SqlStore.SqliteConnections connections) {
        Connection connection;
        try {
            connection = connections.acquire();
        } catch (SQLException e) {
            return false; // Schema.migrate reports why the store cannot be opened
        }
        boolean current = Schema.isCurrent(connection, Dialect.SQLITE);
        connections.release(connection, true);
        return current;
    }

    /** Beside the database file: {@code store.db} is migrated under {@code store.db-migrate.lock}. */
    private static Path sqliteLockFile(String jdbcUrl) {
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) {
            file = file.substring(0, query);
        }
        if (file.startsWith("file:")) {
            file = file.substring("file:".length());
        }
        if (file.isEmpty() || file.equals(":memory:")) {
            return null;
        }
        return Path.of(file + "-migrate.lock");
    }
}
