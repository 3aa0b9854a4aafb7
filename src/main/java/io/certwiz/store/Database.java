package io.certwiz.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.certwiz.CertwizException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens the store's database: the embedded SQLite file, or a shared PostgreSQL. */
public final class Database {
    private Database() {}

    /**
     * The embedded store in a data directory. Its file is made 0600 before SQLite opens it (SQLite gives
     * its -wal and -shm files the database file's mode), and a store made with a wider mode is narrowed.
     */
    public static SqlStore openSqlite(Path file) {
        ownerOnly(file);
        return open("jdbc:sqlite:" + file.toAbsolutePath(), null, null);
    }

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private static void ownerOnly(Path file) {
        try {
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                Path path = Path.of(file + suffix);
                if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                        && !Files.getPosixFilePermissions(path).equals(OWNER_ONLY)) {
                    Files.setPosixFilePermissions(path, OWNER_ONLY);
                }
            }
        } catch (FileAlreadyExistsException e) {
            // another process made it at the same moment, with the same mode
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        } catch (IOException e) {
            throw CertwizException.error("cannot open the store " + file + ": " + e.getMessage(), e);
        }
    }

    public static SqlStore open(String jdbcUrl, String user, String password) {
        Dialect dialect = Dialect.ofUrl(jdbcUrl);
        if (dialect == Dialect.SQLITE) {
            return openSqliteUrl(jdbcUrl);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("certwiz-store");
        // One try at start-up: a store that cannot be reached fails now, with why, not after the pool's
        // 30 s wait for a connection that never comes.
        config.setInitializationFailTimeout(1);
        config.setConnectionTimeout(10_000);
        config.addDataSourceProperty("connectTimeout", "10");
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
            throw CertwizException.error("cannot open the store at " + shown(jdbcUrl) + ": " + why(e), e);
        }
        try {
            Schema.migrate(dataSource, dialect, null);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new SqlStore(SqlStore.Connections.pooled(dataSource, dataSource), dialect);
    }

    /** The URL without its query, where a password could be. */
    private static String shown(String jdbcUrl) {
        int query = jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query) + "?...";
    }

    /** Why a connection failed, in a few words: the network's reason, else the server's first line. */
    static String why(Throwable failure) {
        String server = null;
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (e instanceof java.net.UnknownHostException) {
                return "unknown host " + e.getMessage();
            }
            if (e instanceof java.net.SocketTimeoutException) {
                return "no answer (timed out)";
            }
            if (e instanceof SQLException && e.getMessage() != null) {
                server = e.getMessage().lines().findFirst().orElse("").strip();
            }
        }
        return server != null ? server : String.valueOf(failure.getMessage());
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
