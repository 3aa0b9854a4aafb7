package io.certwiz.store;

import io.certwiz.ca.IssuedRecord;
import io.certwiz.crypto.StoredKey;
import io.certwiz.store.jdbc.SqlAuditLog;
import io.certwiz.store.jdbc.SqlIssuanceLedger;
import io.certwiz.store.jdbc.SqlKeyRecords;
import io.certwiz.store.jdbc.SqlServerIdentityRecords;
import io.certwiz.store.jdbc.SqlSettings;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.x509.Thumbprint;
import java.math.BigInteger;
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

    // --- kept for io.certwiz.acme until it moves to the storage interfaces: the SQL is the adapters'

    @Override
    public Optional<ServerIdentity> identity() {
        return new SqlServerIdentityRecords().identity(this);
    }

    @Override
    public Optional<String> setting(String name) {
        return new SqlSettings().get(this, name);
    }

    @Override
    public void putSetting(String name, String value) {
        new SqlSettings().put(this, name, value);
    }

    @Override
    public long addKey(String algorithm, byte[] publicKey, byte[] sealed, boolean exportable, Instant createdAt) {
        return new SqlKeyRecords().add(this, algorithm, publicKey, sealed, exportable, createdAt);
    }

    @Override
    public Optional<StoredKey> key(long id) {
        return new SqlKeyRecords().find(this, id);
    }

    @Override
    public void deleteKey(long id) {
        new SqlKeyRecords().delete(this, id);
    }

    @Override
    public Optional<IssuedRecord> issued(BigInteger serial) {
        return new SqlIssuanceLedger().find(this, serial);
    }

    @Override
    public void revoke(BigInteger serial, Instant at, int reason) {
        new SqlIssuanceLedger().revoke(this, serial, at, reason);
    }

    @Override
    public long issuedCount() {
        return new SqlIssuanceLedger().count(this);
    }

    @Override
    public void audit(Instant at, String actor, String operation, List<String> thumbprints, String detail) {
        new SqlAuditLog().append(this, at, actor, operation, thumbprints, detail);
    }

    // --- ACME client

    private static final String ACME_ACCOUNT_COLUMNS = "name, directory_url, account_url, key_id, contacts, ca_bundle,"
            + " eab_kid, profile, terms_of_service, created_at";

    private static io.certwiz.acme.client.AcmeAccountRecord acmeAccountRow(ResultSet r) throws SQLException {
        String contacts = r.getString("contacts");
        return new io.certwiz.acme.client.AcmeAccountRecord(
                r.getString("name"),
                r.getString("directory_url"),
                r.getString("account_url"),
                r.getLong("key_id"),
                contacts.isEmpty() ? List.of() : Arrays.asList(contacts.split(",")),
                r.getString("ca_bundle"),
                r.getString("eab_kid"),
                r.getString("profile"),
                r.getString("terms_of_service"),
                instant(r, "created_at"));
    }

    @Override
    public void addAcmeAccount(io.certwiz.acme.client.AcmeAccountRecord account) {
        update(
                "INSERT INTO acme_client_accounts (" + ACME_ACCOUNT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, account.name());
                    s.setString(2, account.directoryUrl());
                    s.setString(3, account.accountUrl());
                    s.setLong(4, account.keyId());
                    s.setString(5, String.join(",", account.contacts()));
                    s.setString(6, account.caBundlePem());
                    s.setString(7, account.eabKid());
                    s.setString(8, account.profile());
                    s.setString(9, account.termsOfService());
                    s.setLong(10, account.createdAt().toEpochMilli());
                });
    }

    @Override
    public Optional<io.certwiz.acme.client.AcmeAccountRecord> acmeAccount(String name) {
        return queryOne(
                "SELECT " + ACME_ACCOUNT_COLUMNS + " FROM acme_client_accounts WHERE name = ?",
                s -> s.setString(1, name),
                SqlTransaction::acmeAccountRow);
    }

    @Override
    public List<io.certwiz.acme.client.AcmeAccountRecord> acmeAccounts() {
        return query(
                "SELECT " + ACME_ACCOUNT_COLUMNS + " FROM acme_client_accounts ORDER BY name",
                s -> {},
                SqlTransaction::acmeAccountRow);
    }

    @Override
    public void deleteAcmeAccount(String name) {
        update("DELETE FROM acme_client_accounts WHERE name = ?", s -> s.setString(1, name));
    }

    private static final String ACME_ISSUED_COLUMNS = "thumbprint, ca_name, ari_id, certificate_url, order_url,"
            + " chain_issuer, alternate_issuers, window_start, window_end, window_explanation, window_checked_at,"
            + " issued_at";

    @Override
    public void putAcmeIssued(io.certwiz.acme.client.AcmeIssuedRecord record) {
        update(
                "DELETE FROM acme_client_certificates WHERE thumbprint = ?",
                s -> s.setString(1, record.thumbprint().hex()));
        update(
                "INSERT INTO acme_client_certificates (" + ACME_ISSUED_COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, record.thumbprint().hex());
                    s.setString(2, record.caName());
                    s.setString(3, record.ariId());
                    s.setString(4, record.certificateUrl());
                    s.setString(5, record.orderUrl());
                    s.setString(6, record.chainIssuer());
                    s.setString(7, String.join("\n", record.alternateIssuers()));
                    setLong(s, 8, millis(record.windowStart()));
                    setLong(s, 9, millis(record.windowEnd()));
                    s.setString(10, record.windowExplanation());
                    setLong(s, 11, millis(record.windowCheckedAt()));
                    s.setLong(12, record.issuedAt().toEpochMilli());
                });
    }

    @Override
    public Optional<io.certwiz.acme.client.AcmeIssuedRecord> acmeIssued(Thumbprint thumbprint) {
        return queryOne(
                "SELECT " + ACME_ISSUED_COLUMNS + " FROM acme_client_certificates WHERE thumbprint = ?",
                s -> s.setString(1, thumbprint.hex()),
                r -> {
                    String alternates = r.getString("alternate_issuers");
                    return new io.certwiz.acme.client.AcmeIssuedRecord(
                            new Thumbprint(r.getString("thumbprint")),
                            r.getString("ca_name"),
                            r.getString("ari_id"),
                            r.getString("certificate_url"),
                            r.getString("order_url"),
                            r.getString("chain_issuer"),
                            alternates.isEmpty() ? List.of() : Arrays.asList(alternates.split("\n")),
                            instant(r, "window_start"),
                            instant(r, "window_end"),
                            r.getString("window_explanation"),
                            instant(r, "window_checked_at"),
                            instant(r, "issued_at"));
                });
    }

    @Override
    public void putAcmeChallenge(
            String token, String type, String keyAuthorization, String identifier, Instant expiresAt) {
        update("DELETE FROM acme_client_challenges WHERE token = ?", s -> s.setString(1, token));
        update(
                "INSERT INTO acme_client_challenges (token, challenge_type, key_authorization, identifier, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, token);
                    s.setString(2, type);
                    s.setString(3, keyAuthorization);
                    s.setString(4, identifier);
                    s.setLong(5, expiresAt.toEpochMilli());
                });
    }

    @Override
    public Optional<String> acmeChallenge(String token, Instant now) {
        return queryOne(
                "SELECT key_authorization FROM acme_client_challenges"
                        + " WHERE token = ? AND challenge_type = 'http-01' AND expires_at >= ?",
                s -> {
                    s.setString(1, token);
                    s.setLong(2, now.toEpochMilli());
                },
                r -> r.getString(1));
    }

    @Override
    public boolean acmeTlsAlpnPending(Instant now) {
        return queryOne(
                        "SELECT 1 FROM acme_client_challenges WHERE challenge_type = 'tls-alpn-01' AND expires_at >= ?"
                                + " LIMIT 1",
                        s -> s.setLong(1, now.toEpochMilli()),
                        r -> r.getInt(1))
                .isPresent();
    }

    @Override
    public Optional<io.certwiz.acme.client.PublishedChallenge> acmeTlsAlpnChallenge(String token, Instant now) {
        return queryOne(
                "SELECT identifier, key_authorization FROM acme_client_challenges"
                        + " WHERE token = ? AND challenge_type = 'tls-alpn-01' AND expires_at >= ?",
                s -> {
                    s.setString(1, token);
                    s.setLong(2, now.toEpochMilli());
                },
                r -> new io.certwiz.acme.client.PublishedChallenge(r.getString(1), r.getString(2)));
    }

    @Override
    public void deleteAcmeChallenge(String token, Instant now) {
        update("DELETE FROM acme_client_challenges WHERE token = ? OR expires_at < ?", s -> {
            s.setString(1, token);
            s.setLong(2, now.toEpochMilli());
        });
    }

    // --- ACME server

    @Override
    public List<io.certwiz.acme.server.PolicyEntry> acmeServerPolicy() {
        return query(
                "SELECT pattern, action, added_at FROM acme_server_policy ORDER BY pattern",
                s -> {},
                r -> new io.certwiz.acme.server.PolicyEntry(
                        r.getString(1), r.getString(2).equals("allow"), Instant.ofEpochMilli(r.getLong(3))));
    }

    @Override
    public void putAcmeServerPolicy(io.certwiz.acme.server.PolicyEntry entry) {
        update(
                "INSERT INTO acme_server_policy (pattern, action, added_at) VALUES (?, ?, ?)"
                        + " ON CONFLICT (pattern) DO UPDATE SET action = excluded.action, added_at = excluded.added_at",
                s -> {
                    s.setString(1, entry.pattern());
                    s.setString(2, entry.allow() ? "allow" : "deny");
                    s.setLong(3, entry.addedAt().toEpochMilli());
                });
    }

    @Override
    public boolean deleteAcmeServerPolicy(String pattern) {
        return update("DELETE FROM acme_server_policy WHERE pattern = ?", s -> s.setString(1, pattern)) > 0;
    }

    private static io.certwiz.acme.server.EabKey eabRow(ResultSet r) throws SQLException {
        return new io.certwiz.acme.server.EabKey(
                r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)), r.getString(4));
    }

    @Override
    public void addAcmeServerEabKey(io.certwiz.acme.server.EabKey key) {
        update("INSERT INTO acme_server_eab_keys (kid, sealed_hmac, created_at, account_id) VALUES (?, ?, ?, ?)", s -> {
            s.setString(1, key.kid());
            s.setString(2, key.sealedHmac());
            s.setLong(3, key.createdAt().toEpochMilli());
            s.setString(4, key.accountId());
        });
    }

    @Override
    public Optional<io.certwiz.acme.server.EabKey> acmeServerEabKey(String kid) {
        return queryOne(
                "SELECT kid, sealed_hmac, created_at, account_id FROM acme_server_eab_keys WHERE kid = ?",
                s -> s.setString(1, kid),
                SqlTransaction::eabRow);
    }

    @Override
    public List<io.certwiz.acme.server.EabKey> acmeServerEabKeys() {
        return query(
                "SELECT kid, sealed_hmac, created_at, account_id FROM acme_server_eab_keys ORDER BY kid",
                s -> {},
                SqlTransaction::eabRow);
    }

    @Override
    public boolean bindAcmeServerEabKey(String kid, String accountId) {
        return update("UPDATE acme_server_eab_keys SET account_id = ? WHERE kid = ? AND account_id IS NULL", s -> {
                    s.setString(1, accountId);
                    s.setString(2, kid);
                })
                > 0;
    }

    @Override
    public boolean deleteAcmeServerEabKey(String kid) {
        return update("DELETE FROM acme_server_eab_keys WHERE kid = ?", s -> s.setString(1, kid)) > 0;
    }

    private static final String ACME_SERVER_ACCOUNT_COLUMNS =
            "id, key_thumbprint, jwk, status, contact, eab_kid, created_at";

    private static io.certwiz.acme.server.AcmeAccount acmeServerAccountRow(ResultSet r) throws SQLException {
        String contact = r.getString(5);
        return new io.certwiz.acme.server.AcmeAccount(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                r.getString(4),
                contact.isEmpty() ? List.of() : Arrays.asList(contact.split("\n")),
                r.getString(6),
                Instant.ofEpochMilli(r.getLong(7)));
    }

    @Override
    public void addAcmeServerAccount(io.certwiz.acme.server.AcmeAccount account) {
        update(
                "INSERT INTO acme_server_accounts (" + ACME_SERVER_ACCOUNT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, account.id());
                    s.setString(2, account.keyThumbprint());
                    s.setString(3, account.jwk());
                    s.setString(4, account.status());
                    s.setString(5, String.join("\n", account.contact()));
                    s.setString(6, account.eabKid());
                    s.setLong(7, account.createdAt().toEpochMilli());
                });
    }

    @Override
    public Optional<io.certwiz.acme.server.AcmeAccount> acmeServerAccount(String id) {
        return queryOne(
                "SELECT " + ACME_SERVER_ACCOUNT_COLUMNS + " FROM acme_server_accounts WHERE id = ?",
                s -> s.setString(1, id),
                SqlTransaction::acmeServerAccountRow);
    }

    @Override
    public Optional<io.certwiz.acme.server.AcmeAccount> acmeServerAccountByKey(String keyThumbprint) {
        return queryOne(
                "SELECT " + ACME_SERVER_ACCOUNT_COLUMNS + " FROM acme_server_accounts WHERE key_thumbprint = ?",
                s -> s.setString(1, keyThumbprint),
                SqlTransaction::acmeServerAccountRow);
    }

    @Override
    public void updateAcmeServerAccount(io.certwiz.acme.server.AcmeAccount account) {
        update(
                "UPDATE acme_server_accounts SET key_thumbprint = ?, jwk = ?, status = ?, contact = ? WHERE id = ?",
                s -> {
                    s.setString(1, account.keyThumbprint());
                    s.setString(2, account.jwk());
                    s.setString(3, account.status());
                    s.setString(4, String.join("\n", account.contact()));
                    s.setString(5, account.id());
                });
    }

    private static final String ACME_SERVER_ORDER_COLUMNS =
            "id, account_id, status, identifiers, expires, error, certificate_id, created_at";

    private static io.certwiz.acme.server.AcmeOrder acmeServerOrderRow(ResultSet r) throws SQLException {
        return new io.certwiz.acme.server.AcmeOrder(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                Arrays.asList(r.getString(4).split(",")),
                Instant.ofEpochMilli(r.getLong(5)),
                r.getString(6),
                r.getString(7),
                Instant.ofEpochMilli(r.getLong(8)));
    }

    private static final String ACME_SERVER_AUTHORIZATION_COLUMNS = "id, order_id, ordinal, account_id, identifier,"
            + " status, expires, token, challenge_type, validated_at, error";

    private static io.certwiz.acme.server.AcmeAuthorization acmeServerAuthorizationRow(ResultSet r)
            throws SQLException {
        return new io.certwiz.acme.server.AcmeAuthorization(
                r.getString(1),
                r.getString(2),
                r.getInt(3),
                r.getString(4),
                r.getString(5),
                r.getString(6),
                Instant.ofEpochMilli(r.getLong(7)),
                r.getString(8),
                r.getString(9),
                instant(r, "validated_at"),
                r.getString(11));
    }

    @Override
    public void addAcmeServerOrder(
            io.certwiz.acme.server.AcmeOrder order, List<io.certwiz.acme.server.AcmeAuthorization> authorizations) {
        update(
                "INSERT INTO acme_server_orders (" + ACME_SERVER_ORDER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, order.id());
                    s.setString(2, order.accountId());
                    s.setString(3, order.status());
                    s.setString(4, String.join(",", order.identifiers()));
                    s.setLong(5, order.expires().toEpochMilli());
                    s.setString(6, order.error());
                    s.setString(7, order.certificateId());
                    s.setLong(8, order.createdAt().toEpochMilli());
                });
        for (io.certwiz.acme.server.AcmeAuthorization authorization : authorizations) {
            update(
                    "INSERT INTO acme_server_authorizations (" + ACME_SERVER_AUTHORIZATION_COLUMNS + ")"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    s -> {
                        s.setString(1, authorization.id());
                        s.setString(2, authorization.orderId());
                        s.setInt(3, authorization.ordinal());
                        s.setString(4, authorization.accountId());
                        s.setString(5, authorization.identifier());
                        s.setString(6, authorization.status());
                        s.setLong(7, authorization.expires().toEpochMilli());
                        s.setString(8, authorization.token());
                        s.setString(9, authorization.challengeType());
                        setLong(s, 10, millis(authorization.validatedAt()));
                        s.setString(11, authorization.error());
                    });
        }
    }

    @Override
    public Optional<io.certwiz.acme.server.AcmeOrder> acmeServerOrder(String id) {
        return queryOne(
                "SELECT " + ACME_SERVER_ORDER_COLUMNS + " FROM acme_server_orders WHERE id = ?",
                s -> s.setString(1, id),
                SqlTransaction::acmeServerOrderRow);
    }

    @Override
    public List<String> acmeServerOrderIds(String accountId, int limit) {
        return query(
                "SELECT id FROM acme_server_orders WHERE account_id = ? ORDER BY created_at DESC, id LIMIT ?",
                s -> {
                    s.setString(1, accountId);
                    s.setInt(2, limit);
                },
                r -> r.getString(1));
    }

    @Override
    public boolean updateAcmeServerOrder(
            String id, String fromStatus, String status, String error, String certificateId) {
        return update(
                        "UPDATE acme_server_orders SET status = ?, error = ?, certificate_id = ?"
                                + " WHERE id = ? AND status = ?",
                        s -> {
                            s.setString(1, status);
                            s.setString(2, error);
                            s.setString(3, certificateId);
                            s.setString(4, id);
                            s.setString(5, fromStatus);
                        })
                > 0;
    }

    @Override
    public Optional<io.certwiz.acme.server.AcmeAuthorization> acmeServerAuthorization(String id) {
        return queryOne(
                "SELECT " + ACME_SERVER_AUTHORIZATION_COLUMNS + " FROM acme_server_authorizations WHERE id = ?",
                s -> s.setString(1, id),
                SqlTransaction::acmeServerAuthorizationRow);
    }

    @Override
    public List<io.certwiz.acme.server.AcmeAuthorization> acmeServerAuthorizations(String orderId) {
        return query(
                "SELECT " + ACME_SERVER_AUTHORIZATION_COLUMNS
                        + " FROM acme_server_authorizations WHERE order_id = ? ORDER BY ordinal",
                s -> s.setString(1, orderId),
                SqlTransaction::acmeServerAuthorizationRow);
    }

    @Override
    public boolean updateAcmeServerAuthorization(
            String id, String fromStatus, String status, String challengeType, Instant validatedAt, String error) {
        return update(
                        "UPDATE acme_server_authorizations SET status = ?, challenge_type = ?, validated_at = ?,"
                                + " error = ? WHERE id = ? AND status = ?",
                        s -> {
                            s.setString(1, status);
                            s.setString(2, challengeType);
                            setLong(s, 3, millis(validatedAt));
                            s.setString(4, error);
                            s.setString(5, id);
                            s.setString(6, fromStatus);
                        })
                > 0;
    }

    @Override
    public List<io.certwiz.acme.server.AcmeAuthorization> acmeServerValidAuthorizations(
            String accountId, String identifier, Instant now) {
        return query(
                "SELECT " + ACME_SERVER_AUTHORIZATION_COLUMNS + " FROM acme_server_authorizations"
                        + " WHERE account_id = ? AND identifier = ? AND status = 'valid' AND expires > ?",
                s -> {
                    s.setString(1, accountId);
                    s.setString(2, identifier);
                    s.setLong(3, now.toEpochMilli());
                },
                SqlTransaction::acmeServerAuthorizationRow);
    }

    private static final String ACME_SERVER_CERTIFICATE_COLUMNS = "id, serial, account_id, order_id, chain, issued_at";

    private static io.certwiz.acme.server.AcmeCertificate acmeServerCertificateRow(ResultSet r) throws SQLException {
        return new io.certwiz.acme.server.AcmeCertificate(
                r.getString(1),
                new BigInteger(r.getString(2), 16),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                Instant.ofEpochMilli(r.getLong(6)));
    }

    @Override
    public void addAcmeServerCertificate(io.certwiz.acme.server.AcmeCertificate certificate) {
        update(
                "INSERT INTO acme_server_certificates (" + ACME_SERVER_CERTIFICATE_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, certificate.id());
                    s.setString(2, certificate.serial().toString(16));
                    s.setString(3, certificate.accountId());
                    s.setString(4, certificate.orderId());
                    s.setString(5, certificate.chainPem());
                    s.setLong(6, certificate.issuedAt().toEpochMilli());
                });
    }

    @Override
    public Optional<io.certwiz.acme.server.AcmeCertificate> acmeServerCertificate(String id) {
        return queryOne(
                "SELECT " + ACME_SERVER_CERTIFICATE_COLUMNS + " FROM acme_server_certificates WHERE id = ?",
                s -> s.setString(1, id),
                SqlTransaction::acmeServerCertificateRow);
    }

    @Override
    public Optional<io.certwiz.acme.server.AcmeCertificate> acmeServerCertificateBySerial(BigInteger serial) {
        return queryOne(
                "SELECT " + ACME_SERVER_CERTIFICATE_COLUMNS + " FROM acme_server_certificates WHERE serial = ?",
                s -> s.setString(1, serial.toString(16)),
                SqlTransaction::acmeServerCertificateRow);
    }

    @Override
    public boolean useAcmeServerNonce(String id, Instant expires) {
        // Both SQLite and PostgreSQL skip a conflicting row: no row inserted means the nonce was used.
        int inserted =
                update("INSERT INTO acme_server_nonces (id, expires) VALUES (?, ?) ON CONFLICT (id) DO NOTHING", s -> {
                    s.setString(1, id);
                    s.setLong(2, expires.toEpochMilli());
                });
        return inserted == 1;
    }

    @Override
    public int deleteAcmeServerNonces(Instant before) {
        return update("DELETE FROM acme_server_nonces WHERE expires < ?", s -> s.setLong(1, before.toEpochMilli()));
    }
}
