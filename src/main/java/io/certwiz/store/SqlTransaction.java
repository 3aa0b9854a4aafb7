package io.certwiz.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One open transaction on a SQL database, and the plain JDBC helpers that the storage adapters
 * ({@code io.certwiz.store.jdbc}) run their portable SQL with. Adapters reach it through {@link #of}.
 */
public final class SqlTransaction implements Transaction {
    /** Carries a SQLException out of a {@link Store.Work} lambda. */
    static final class Failed extends RuntimeException {
        Failed(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    public interface Mapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final Connection connection;
    private final Dialect dialect;

    SqlTransaction(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** The SQL transaction behind {@code tx}: every transaction of a {@link SqlStore} is one. */
    public static SqlTransaction of(Transaction tx) {
        if (tx instanceof SqlTransaction sql) {
            return sql;
        }
        throw new IllegalArgumentException(
                "not a SQL transaction: " + tx.getClass().getName());
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The transaction's connection, for the store's own generic work ({@link StoreSnapshot}). */
    Connection connection() {
        return connection;
    }

    public <T> List<T> query(String sql, Binder binder, Mapper<T> mapper) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rows.next()) {
                    out.add(mapper.map(rows));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new Failed(e);
        }
    }

    public <T> Optional<T> queryOne(String sql, Binder binder, Mapper<T> mapper) {
        return query(sql, binder, mapper).stream().findFirst();
    }

    public int update(String sql, Binder binder) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new Failed(e);
        }
    }

    public long insertReturningId(String sql, Binder binder) {
        try (PreparedStatement statement = connection.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            binder.bind(statement);
            statement.executeUpdate();
            try (ResultSet keys = statement.getGeneratedKeys()) {
                if (!keys.next()) {
                    throw new SQLException("the database returned no generated id");
                }
                return keys.getLong(1);
            }
        } catch (SQLException e) {
            throw new Failed(e);
        }
    }

    public static Instant instant(ResultSet row, String column) throws SQLException {
        long millis = row.getLong(column);
        return row.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    public static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    public static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
