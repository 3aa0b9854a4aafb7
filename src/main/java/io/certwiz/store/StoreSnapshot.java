package io.certwiz.store;

import io.certwiz.CertwizException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A consistent copy of every table of a store, taken in one read transaction (SQLite: one read
 * snapshot; PostgreSQL: repeatable read), and restored into a new store in one transaction. Knows no
 * domain: the tables and columns are read from the database. Layout (big-endian): format version, schema
 * version, then per table its name, its columns and its rows, each value tagged with its kind.
 */
public final class StoreSnapshot {
    private static final int FORMAT = 1;
    private static final Set<String> SKIPPED = Set.of("flyway_schema_history", "sqlite_sequence");
    private static final byte END = 0;
    private static final byte ROW = 1;
    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte TEXT = 2;
    private static final byte BYTES = 3;
    private static final byte DOUBLE = 4;
    private static final byte BOOLEAN = 5;

    private StoreSnapshot() {}

    /** Every table's rows of {@code store}, read in one transaction. */
    public static byte[] export(Store store) {
        return store.read(tx -> {
            try {
                return export(SqlTransaction.of(tx).connection());
            } catch (SQLException e) {
                throw new SqlTransaction.Failed(e);
            } catch (IOException e) {
                throw CertwizException.error("cannot copy the store: " + e.getMessage(), e);
            }
        });
    }

    private static byte[] export(Connection connection) throws SQLException, IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(FORMAT);
        out.writeInt(Schema.CURRENT_VERSION);
        List<String> tables = tables(connection);
        out.writeInt(tables.size());
        for (String table : tables) {
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = rows.getMetaData();
                writeText(out, table);
                out.writeInt(meta.getColumnCount());
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    writeText(out, meta.getColumnName(i).toLowerCase(Locale.ROOT));
                }
                while (rows.next()) {
                    out.writeByte(ROW);
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        writeValue(out, rows.getObject(i));
                    }
                }
                out.writeByte(END);
            }
        }
        out.flush();
        return bytes.toByteArray();
    }

    /** Puts {@code snapshot} into {@code store}, a new and empty one, in one transaction. */
    public static int restore(Store store, byte[] snapshot) {
        return store.write(tx -> {
            try {
                return restore(SqlTransaction.of(tx), snapshot);
            } catch (SQLException e) {
                throw new SqlTransaction.Failed(e);
            } catch (IOException e) {
                throw CertwizException.error("the backup's store copy is damaged: " + e.getMessage(), e);
            }
        });
    }

    private static int restore(SqlTransaction tx, byte[] snapshot) throws SQLException, IOException {
        Connection connection = tx.connection();
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(snapshot));
        if (in.readInt() != FORMAT) {
            throw CertwizException.error("the backup's store copy is in a format this certwiz does not know");
        }
        int schema = in.readInt();
        if (schema > Schema.CURRENT_VERSION) {
            throw CertwizException.error("the backup was made by a newer certwiz (schema " + schema
                    + "); restore it with that version or newer");
        }
        if (tx.dialect() == Dialect.SQLITE) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("PRAGMA defer_foreign_keys = ON");
            }
        }
        List<String> existing = tables(connection);
        int rows = 0;
        int tables = in.readInt();
        for (int t = 0; t < tables; t++) {
            String table = readText(in);
            List<String> columns = new ArrayList<>();
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                columns.add(readText(in));
            }
            if (!existing.contains(table)) {
                throw CertwizException.error("the backup holds a table this store does not have: " + table);
            }
            Set<String> targetColumns = columns(connection, table);
            try (Statement statement = connection.createStatement()) {
                statement.executeUpdate("DELETE FROM " + table);
            }
            List<Integer> kept = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                if (targetColumns.contains(columns.get(i))) {
                    kept.add(i);
                    names.add(columns.get(i));
                }
            }
            String sql = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                    + String.join(", ", names.stream().map(n -> "?").toList()) + ")";
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                while (in.readByte() == ROW) {
                    Object[] values = new Object[columns.size()];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = readValue(in);
                    }
                    for (int i = 0; i < kept.size(); i++) {
                        insert.setObject(i + 1, values[kept.get(i)]);
                    }
                    insert.executeUpdate();
                    rows++;
                }
            }
        }
        return rows;
    }

    private static List<String> tables(Connection connection) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rows =
                connection.getMetaData().getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            while (rows.next()) {
                String name = rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!SKIPPED.contains(name) && !name.startsWith("sqlite_")) {
                    tables.add(name);
                }
            }
        }
        return tables;
    }

    private static Set<String> columns(Connection connection, String table) throws SQLException {
        Set<String> columns = new LinkedHashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
            ResultSetMetaData meta = rows.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
            }
        }
        return columns;
    }

    private static void writeValue(DataOutputStream out, Object value) throws IOException {
        switch (value) {
            case null -> out.writeByte(NULL);
            case Boolean b -> {
                out.writeByte(BOOLEAN);
                out.writeBoolean(b);
            }
            case Integer i -> {
                out.writeByte(LONG);
                out.writeLong(i);
            }
            case Long l -> {
                out.writeByte(LONG);
                out.writeLong(l);
            }
            case Short s -> {
                out.writeByte(LONG);
                out.writeLong(s);
            }
            case Double d -> {
                out.writeByte(DOUBLE);
                out.writeDouble(d);
            }
            case Float f -> {
                out.writeByte(DOUBLE);
                out.writeDouble(f);
            }
            case byte[] b -> {
                out.writeByte(BYTES);
                out.writeInt(b.length);
                out.write(b);
            }
            default -> {
                out.writeByte(TEXT);
                writeText(out, value.toString());
            }
        }
    }

    private static Object readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case LONG -> in.readLong();
            case TEXT -> readText(in);
            case BYTES -> in.readNBytes(length(in));
            case DOUBLE -> in.readDouble();
            case BOOLEAN -> in.readBoolean();
            default -> throw new IOException("unknown value kind " + tag);
        };
    }

    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        return new String(in.readNBytes(length(in)), StandardCharsets.UTF_8);
    }

    private static int length(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("a length past the end");
        }
        return length;
    }
}
