package io.certwiz.store;

import io.certwiz.CertwizException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The store on a SQL database. Every {@link #write} is one transaction: on SQLite it takes the write
 * lock up front ({@code BEGIN IMMEDIATE}) so concurrent writers queue instead of failing half-way; on
 * PostgreSQL it runs serializable and is retried when the database reports a conflict.
 */
public final class SqlStore implements Store {
    private static final int SERIALIZATION_RETRIES = 5;
    /** PostgreSQL's serialization failure and deadlock: rolled back, the work may simply run again. */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01");

    private final Connections connections;
    private final Dialect dialect;

    SqlStore(Connections connections, Dialect dialect) {
        this.connections = connections;
        this.dialect = dialect;
    }

    /**
     * Where the store's connections come from and go back to. PostgreSQL: a HikariCP pool. SQLite:
     * {@link SqliteConnections}, which keeps a few open connections without a pool's start-up and
     * shut-down cost (see BENCHMARKS.md).
     */
    interface Connections extends AutoCloseable {
        Connection acquire() throws SQLException;

        /** Takes a connection back; {@code clean} when no transaction was left open on it. */
        void release(Connection connection, boolean clean);

        @Override
        void close();

        /** A pooling {@link DataSource} (HikariCP): a connection goes back to it when closed. */
        static Connections pooled(DataSource dataSource, AutoCloseable pool) {
            return new Connections() {
                @Override
                public Connection acquire() throws SQLException {
                    return dataSource.getConnection();
                }

                @Override
                public void release(Connection connection, boolean clean) {
                    try {
                        connection.close();
                    } catch (SQLException ignored) {
                        // The pool discards a connection it cannot take back.
                    }
                }

                @Override
                public void close() {
                    try {
                        pool.close();
                    } catch (Exception e) {
                        throw CertwizException.error("cannot close the store: " + e.getMessage(), e);
                    }
                }
            };
        }
    }

    /**
     * SQLite connections kept open between transactions, up to {@code maxIdle}; a thread that finds none
     * idle opens one (SQLite queues writers itself, with {@code BEGIN IMMEDIATE} and the busy timeout).
     * A connection is only reused when its last transaction ended cleanly.
     */
    static final class SqliteConnections implements Connections {
        private final DataSource source;
        private final int maxIdle;
        private final Deque<Connection> idle = new ArrayDeque<>();
        private boolean closed;

        SqliteConnections(DataSource source, int maxIdle) {
            this.source = source;
            this.maxIdle = maxIdle;
        }

        @Override
        public Connection acquire() throws SQLException {
            synchronized (this) {
                if (closed) {
                    throw new SQLException("the store is closed");
                }
                Connection connection = idle.pollFirst();
                if (connection != null) {
                    return connection;
                }
            }
            return source.getConnection();
        }

        @Override
        public void release(Connection connection, boolean clean) {
            synchronized (this) {
                if (clean && !closed && idle.size() < maxIdle) {
                    idle.addFirst(connection);
                    return;
                }
            }
            closeQuietly(connection);
        }

        @Override
        public void close() {
            Connection[] open;
            synchronized (this) {
                closed = true;
                open = idle.toArray(Connection[]::new);
                idle.clear();
            }
            for (Connection connection : open) {
                closeQuietly(connection);
            }
        }

        private static void closeQuietly(Connection connection) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Nothing was left uncommitted on it.
            }
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T read(Work<T> work) {
        return run(work, false);
    }

    @Override
    public <T> T write(Work<T> work) {
        return run(work, true, true);
    }

    @Override
    public <T> T writeUnsynced(Work<T> work) {
        return run(work, true, false);
    }

    private <T> T run(Work<T> work, boolean write) {
        return run(work, write, true);
    }

    private <T> T run(Work<T> work, boolean write, boolean sync) {
        for (int attempt = 1; ; attempt++) {
            Connection connection = null;
            boolean[] clean = {false};
            try {
                connection = connections.acquire();
                return inTransaction(connection, work, write, sync, clean);
            } catch (SQLException e) {
                boolean retryable = dialect == Dialect.POSTGRESQL && RETRYABLE.contains(e.getSQLState());
                if (retryable && attempt < SERIALIZATION_RETRIES) {
                    continue;
                }
                throw CertwizException.error(
                        "store " + (write ? "update" : "query") + " failed: " + oneLine(e.getMessage()), e);
            } finally {
                if (connection != null) {
                    connections.release(connection, clean[0]);
                }
            }
        }
    }

    /** Runs {@code work} in one transaction; sets {@code clean[0]} when it ended committed or rolled back. */
    private <T> T inTransaction(Connection connection, Work<T> work, boolean write, boolean sync, boolean[] clean)
            throws SQLException {
        boolean unsynced = write && !sync;
        if (dialect == Dialect.SQLITE) {
            connection.setAutoCommit(true);
            try (Statement begin = connection.createStatement()) {
                // A read may not write, as on PostgreSQL where the connection is read-only.
                begin.execute(write ? "PRAGMA query_only = 0" : "PRAGMA query_only = 1");
                if (unsynced) {
                    // In WAL mode NORMAL skips the fsync at commit; the next FULL commit or checkpoint syncs it.
                    begin.execute("PRAGMA synchronous = NORMAL");
                }
                begin.execute(write ? "BEGIN IMMEDIATE" : "BEGIN");
            }
        } else {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(
                    write ? Connection.TRANSACTION_SERIALIZABLE : Connection.TRANSACTION_REPEATABLE_READ);
            connection.setReadOnly(!write);
            if (unsynced) {
                try (Statement local = connection.createStatement()) {
                    local.execute("SET LOCAL synchronous_commit = off");
                }
            }
        }
        boolean done = false;
        try {
            T result = work.run(new SqlTransaction(connection, dialect));
            commit(connection);
            done = true;
            clean[0] = true;
            return result;
        } catch (SqlTransaction.Failed e) {
            throw e.getCause();
        } finally {
            if (!done) {
                clean[0] = rollback(connection);
            }
            if (unsynced && dialect == Dialect.SQLITE) {
                clean[0] &= restoreSync(connection);
            }
        }
    }

    /** Back to durable commits; false when that failed and the connection must not be reused. */
    private static boolean restoreSync(Connection connection) {
        try (Statement restore = connection.createStatement()) {
            restore.execute("PRAGMA synchronous = FULL");
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private void commit(Connection connection) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            try (Statement commit = connection.createStatement()) {
                commit.execute("COMMIT");
            }
        } else {
            connection.commit();
        }
    }

    /** Rolls back; false when that failed and the connection must not be reused. */
    private boolean rollback(Connection connection) {
        try {
            if (dialect == Dialect.SQLITE) {
                try (Statement rollback = connection.createStatement()) {
                    rollback.execute("ROLLBACK");
                }
            } else {
                connection.rollback();
            }
            return true;
        } catch (SQLException ignored) {
            // The connection is discarded (SQLite) or reset by the pool; nothing was committed.
            return false;
        }
    }

    /** A database's message on one line: PostgreSQL adds "Detail:" and "Hint:" lines, Flyway whole reports. */
    static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "no details";
        }
        return message.lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.matches("-+"))
                .collect(Collectors.joining(" "));
    }

    @Override
    public void close() {
        connections.close();
    }
}
