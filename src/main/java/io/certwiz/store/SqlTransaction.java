package io.certwiz.store;

import io.certwiz.ca.IssuedRecord;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.StoredKey;
import io.certwiz.request.PendingRequest;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.Thumbprint;
import java.math.BigInteger;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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

    // --- identity and settings

    @Override
    public Optional<ServerIdentity> identity() {
        return queryOne(
                "SELECT fqdn, pool_fqdn, web_internal_fqdn, web_external_fqdn, sip_domains FROM server_identity WHERE id = 1",
                s -> {},
                r -> new ServerIdentity(
                        r.getString(1),
                        r.getString(2),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5).isEmpty()
                                ? List.of()
                                : Arrays.asList(r.getString(5).split(","))));
    }

    @Override
    public void saveIdentity(ServerIdentity identity) {
        update(
                "INSERT INTO server_identity (id, fqdn, pool_fqdn, web_internal_fqdn, web_external_fqdn, sip_domains)"
                        + " VALUES (1, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET fqdn = excluded.fqdn,"
                        + " pool_fqdn = excluded.pool_fqdn, web_internal_fqdn = excluded.web_internal_fqdn,"
                        + " web_external_fqdn = excluded.web_external_fqdn, sip_domains = excluded.sip_domains",
                s -> {
                    s.setString(1, identity.fqdn());
                    s.setString(2, identity.poolFqdn());
                    s.setString(3, identity.webInternalFqdn());
                    s.setString(4, identity.webExternalFqdn());
                    s.setString(5, String.join(",", identity.sipDomains()));
                });
    }

    @Override
    public Optional<String> setting(String name) {
        return queryOne("SELECT value FROM settings WHERE name = ?", s -> s.setString(1, name), r -> r.getString(1));
    }

    @Override
    public void putSetting(String name, String value) {
        update(
                "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                s -> {
                    s.setString(1, name);
                    s.setString(2, value);
                });
    }

    // --- keys

    @Override
    public long addKey(String algorithm, byte[] publicKey, byte[] sealed, boolean exportable, Instant createdAt) {
        return insertReturningId(
                "INSERT INTO private_keys (algorithm, public_key, sealed, exportable, created_at) VALUES (?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, algorithm);
                    s.setBytes(2, publicKey);
                    s.setBytes(3, sealed);
                    s.setBoolean(4, exportable);
                    s.setLong(5, createdAt.toEpochMilli());
                });
    }

    @Override
    public Optional<StoredKey> key(long id) {
        return queryOne(
                "SELECT id, algorithm, public_key, sealed, exportable, created_at FROM private_keys WHERE id = ?",
                s -> s.setLong(1, id),
                r -> new StoredKey(
                        r.getLong(1),
                        r.getString(2),
                        r.getBytes(3),
                        r.getBytes(4),
                        r.getBoolean(5),
                        Instant.ofEpochMilli(r.getLong(6))));
    }

    @Override
    public void deleteKey(long id) {
        update("DELETE FROM private_keys WHERE id = ?", s -> s.setLong(1, id));
    }

    // --- certificates

    private static final String CERTIFICATE_COLUMNS = "thumbprint, store, der, friendly_name, key_id, added_at";

    private static StoredCertificate certificateRow(ResultSet r) throws SQLException {
        long keyId = r.getLong("key_id");
        Long key = r.wasNull() ? null : keyId;
        return new StoredCertificate(
                new Thumbprint(r.getString("thumbprint")),
                TrustStore.valueOf(r.getString("store")),
                CertificateReader.certificate(r.getBytes("der")),
                r.getString("friendly_name"),
                key,
                instant(r, "added_at"));
    }

    @Override
    public Optional<StoredCertificate> certificate(Thumbprint thumbprint) {
        return queryOne(
                "SELECT " + CERTIFICATE_COLUMNS + " FROM certificates WHERE thumbprint = ?",
                s -> s.setString(1, thumbprint.hex()),
                SqlTransaction::certificateRow);
    }

    @Override
    public List<StoredCertificate> certificates(TrustStore store) {
        if (store == null) {
            return query(
                    "SELECT " + CERTIFICATE_COLUMNS + " FROM certificates ORDER BY store, subject, thumbprint",
                    s -> {},
                    SqlTransaction::certificateRow);
        }
        return query(
                "SELECT " + CERTIFICATE_COLUMNS + " FROM certificates WHERE store = ? ORDER BY subject, thumbprint",
                s -> s.setString(1, store.name()),
                SqlTransaction::certificateRow);
    }

    @Override
    public void putCertificate(
            X509Certificate certificate, TrustStore store, String friendlyName, Long keyId, Instant addedAt) {
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException(e);
        }
        update(
                "INSERT INTO certificates (thumbprint, sha256, store, der, subject, issuer, not_after, friendly_name,"
                        + " key_id, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (thumbprint) DO UPDATE"
                        + " SET store = excluded.store,"
                        + " friendly_name = COALESCE(excluded.friendly_name, certificates.friendly_name),"
                        + " key_id = COALESCE(excluded.key_id, certificates.key_id)",
                s -> {
                    s.setString(1, Thumbprint.of(certificate).hex());
                    s.setString(2, Thumbprint.sha256(certificate));
                    s.setString(3, store.name());
                    s.setBytes(4, der);
                    s.setString(5, certificate.getSubjectX500Principal().getName());
                    s.setString(6, certificate.getIssuerX500Principal().getName());
                    s.setLong(7, certificate.getNotAfter().getTime());
                    s.setString(8, friendlyName);
                    setLong(s, 9, keyId);
                    s.setLong(10, addedAt.toEpochMilli());
                });
    }

    @Override
    public void deleteCertificate(Thumbprint thumbprint) {
        update("DELETE FROM certificates WHERE thumbprint = ?", s -> s.setString(1, thumbprint.hex()));
    }

    // --- pending requests

    private static PendingRequest pendingRow(ResultSet r) throws SQLException {
        return new PendingRequest(
                r.getLong("id"),
                r.getString("csr"),
                r.getLong("key_id"),
                Arrays.stream(r.getString("usages").split(","))
                        .map(Usage::valueOf)
                        .toList(),
                r.getString("friendly_name"),
                r.getString("ca"),
                instant(r, "created_at"));
    }

    @Override
    public long addPendingRequest(
            String csrPem, long keyId, List<Usage> usages, String friendlyName, String ca, Instant at) {
        return insertReturningId(
                "INSERT INTO pending_requests (csr, key_id, usages, friendly_name, ca, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, csrPem);
                    s.setLong(2, keyId);
                    s.setString(
                            3, String.join(",", usages.stream().map(Usage::name).toList()));
                    s.setString(4, friendlyName);
                    s.setString(5, ca);
                    s.setLong(6, at.toEpochMilli());
                });
    }

    @Override
    public List<PendingRequest> pendingRequests() {
        return query(
                "SELECT id, csr, key_id, usages, friendly_name, ca, created_at FROM pending_requests ORDER BY id",
                s -> {},
                SqlTransaction::pendingRow);
    }

    @Override
    public Optional<PendingRequest> pendingRequest(long id) {
        return queryOne(
                "SELECT id, csr, key_id, usages, friendly_name, ca, created_at FROM pending_requests WHERE id = ?",
                s -> s.setLong(1, id),
                SqlTransaction::pendingRow);
    }

    @Override
    public void deletePendingRequest(long id) {
        update("DELETE FROM pending_requests WHERE id = ?", s -> s.setLong(1, id));
    }

    // --- assignments

    private static Assignment assignmentRow(ResultSet r) throws SQLException {
        String previous = r.getString("previous_thumbprint");
        return new Assignment(
                Usage.valueOf(r.getString("usage")),
                new Thumbprint(r.getString("thumbprint")),
                instant(r, "assigned_at"),
                previous == null ? null : new Thumbprint(previous));
    }

    @Override
    public List<Assignment> assignments() {
        return query(
                "SELECT usage, thumbprint, assigned_at, previous_thumbprint FROM assignments ORDER BY usage",
                s -> {},
                SqlTransaction::assignmentRow);
    }

    @Override
    public Optional<Assignment> assignment(Usage usage) {
        return queryOne(
                "SELECT usage, thumbprint, assigned_at, previous_thumbprint FROM assignments WHERE usage = ?",
                s -> s.setString(1, usage.name()),
                SqlTransaction::assignmentRow);
    }

    @Override
    public void putAssignment(Assignment assignment) {
        update(
                "INSERT INTO assignments (usage, thumbprint, assigned_at, previous_thumbprint) VALUES (?, ?, ?, ?)"
                        + " ON CONFLICT (usage) DO UPDATE SET thumbprint = excluded.thumbprint,"
                        + " assigned_at = excluded.assigned_at, previous_thumbprint = excluded.previous_thumbprint",
                s -> {
                    s.setString(1, assignment.usage().name());
                    s.setString(2, assignment.thumbprint().hex());
                    s.setLong(3, assignment.assignedAt().toEpochMilli());
                    s.setString(
                            4,
                            assignment.previous() == null
                                    ? null
                                    : assignment.previous().hex());
                });
    }

    @Override
    public void deleteAssignment(Usage usage) {
        update("DELETE FROM assignments WHERE usage = ?", s -> s.setString(1, usage.name()));
    }

    // --- issued certificates (embedded CA)

    private static IssuedRecord issuedRow(ResultSet r) throws SQLException {
        int reason = r.getInt("revocation_reason");
        Integer revocationReason = r.wasNull() ? null : reason;
        return new IssuedRecord(
                new BigInteger(r.getString("serial"), 16),
                new Thumbprint(r.getString("thumbprint")),
                new Thumbprint(r.getString("issuer_thumbprint")),
                instant(r, "not_after"),
                instant(r, "issued_at"),
                instant(r, "revoked_at"),
                revocationReason);
    }

    @Override
    public void recordIssued(IssuedRecord record) {
        update(
                "INSERT INTO issued_certificates (serial, thumbprint, issuer_thumbprint, not_after, issued_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, record.serial().toString(16));
                    s.setString(2, record.thumbprint().hex());
                    s.setString(3, record.issuer().hex());
                    s.setLong(4, record.notAfter().toEpochMilli());
                    s.setLong(5, record.issuedAt().toEpochMilli());
                });
    }

    @Override
    public Optional<IssuedRecord> issued(BigInteger serial) {
        return queryOne(
                "SELECT * FROM issued_certificates WHERE serial = ?",
                s -> s.setString(1, serial.toString(16)),
                SqlTransaction::issuedRow);
    }

    @Override
    public List<IssuedRecord> revoked(Thumbprint issuer) {
        return query(
                "SELECT * FROM issued_certificates WHERE issuer_thumbprint = ? AND revoked_at IS NOT NULL ORDER BY serial",
                s -> s.setString(1, issuer.hex()),
                SqlTransaction::issuedRow);
    }

    @Override
    public void revoke(BigInteger serial, Instant at, int reason) {
        update(
                "UPDATE issued_certificates SET revoked_at = ?, revocation_reason = ? WHERE serial = ? AND revoked_at IS NULL",
                s -> {
                    setLong(s, 1, millis(at));
                    s.setInt(2, reason);
                    s.setString(3, serial.toString(16));
                });
    }

    @Override
    public String changeMarker() {
        StringBuilder marker = new StringBuilder();
        query(
                "SELECT usage, thumbprint, assigned_at FROM assignments ORDER BY usage",
                s -> {},
                r -> marker.append(r.getString(1))
                        .append('=')
                        .append(r.getString(2))
                        .append('@')
                        .append(r.getLong(3))
                        .append(';'));
        query(
                "SELECT thumbprint, store FROM certificates WHERE store <> 'personal' ORDER BY thumbprint",
                s -> {},
                r -> marker.append(r.getString(1))
                        .append(':')
                        .append(r.getString(2))
                        .append(';'));
        return marker.toString();
    }

    @Override
    public void audit(Instant at, String actor, String operation, List<String> thumbprints, String detail) {
        update("INSERT INTO audit_log (at, actor, operation, thumbprints, detail) VALUES (?, ?, ?, ?, ?)", s -> {
            s.setLong(1, at.toEpochMilli());
            s.setString(2, actor);
            s.setString(3, operation);
            s.setString(4, String.join(",", thumbprints));
            s.setString(5, detail == null ? "" : detail);
        });
    }

    @Override
    public List<io.certwiz.audit.AuditEntry> auditLog(int limit) {
        return query(
                "SELECT id, at, actor, operation, thumbprints, detail FROM audit_log ORDER BY id DESC LIMIT ?",
                s -> s.setInt(1, limit),
                r -> new io.certwiz.audit.AuditEntry(
                        r.getLong(1),
                        Instant.ofEpochMilli(r.getLong(2)).toString(),
                        r.getString(3),
                        r.getString(4),
                        r.getString(5).isEmpty()
                                ? List.of()
                                : Arrays.asList(r.getString(5).split(",")),
                        r.getString(6)));
    }

    @Override
    public long issuedCount() {
        return queryOne("SELECT COUNT(*) FROM issued_certificates", s -> {}, r -> r.getLong(1))
                .orElse(0L);
    }
}
