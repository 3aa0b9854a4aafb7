package io.certwiz.store.jdbc;

import io.certwiz.acme.server.AcmeAccount;
import io.certwiz.acme.server.AcmeAuthorization;
import io.certwiz.acme.server.AcmeCertificate;
import io.certwiz.acme.server.AcmeOrder;
import io.certwiz.acme.server.AcmeServerRecords;
import io.certwiz.acme.server.AcmeStatus;
import io.certwiz.acme.server.EabKey;
import io.certwiz.acme.server.PolicyEntry;
import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link AcmeServerRecords} in the {@code acme_server_*} tables: statuses as RFC 8555 writes them,
 * serial numbers as lowercase hex, an order's identifiers comma-separated, contacts one a line.
 */
public final class SqlAcmeServerRecords implements AcmeServerRecords {
    private static final String ACCOUNT_COLUMNS = "id, key_thumbprint, jwk, status, contact, eab_kid, created_at";
    private static final String ORDER_COLUMNS =
            "id, account_id, status, identifiers, expires, error, certificate_id, created_at";
    private static final String AUTHORIZATION_COLUMNS = "id, order_id, ordinal, account_id, identifier,"
            + " status, expires, token, challenge_type, validated_at, error";
    private static final String CERTIFICATE_COLUMNS = "id, serial, account_id, order_id, chain, issued_at";
    private static final String EAB_COLUMNS = "kid, sealed_hmac, created_at, account_id";

    // --- issuance policy

    @Override
    public List<PolicyEntry> policy(Transaction tx) {
        return SqlTransaction.of(tx)
                .query(
                        "SELECT pattern, action, added_at FROM acme_server_policy ORDER BY pattern",
                        s -> {},
                        r -> new PolicyEntry(
                                r.getString(1), r.getString(2).equals("allow"), Instant.ofEpochMilli(r.getLong(3))));
    }

    @Override
    public void putPolicy(Transaction tx, PolicyEntry entry) {
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO acme_server_policy (pattern, action, added_at) VALUES (?, ?, ?) ON CONFLICT"
                                + " (pattern) DO UPDATE SET action = excluded.action, added_at = excluded.added_at",
                        s -> {
                            s.setString(1, entry.pattern());
                            s.setString(2, entry.allow() ? "allow" : "deny");
                            s.setLong(3, entry.addedAt().toEpochMilli());
                        });
    }

    @Override
    public boolean deletePolicy(Transaction tx, String pattern) {
        return SqlTransaction.of(tx)
                        .update("DELETE FROM acme_server_policy WHERE pattern = ?", s -> s.setString(1, pattern))
                > 0;
    }

    // --- external account binding keys

    private static EabKey eabRow(ResultSet r) throws SQLException {
        return new EabKey(r.getString(1), r.getString(2), Instant.ofEpochMilli(r.getLong(3)), r.getString(4));
    }

    @Override
    public void addEabKey(Transaction tx, EabKey key) {
        SqlTransaction.of(tx)
                .update("INSERT INTO acme_server_eab_keys (" + EAB_COLUMNS + ") VALUES (?, ?, ?, ?)", s -> {
                    s.setString(1, key.kid());
                    s.setString(2, key.sealedHmac());
                    s.setLong(3, key.createdAt().toEpochMilli());
                    s.setString(4, key.accountId());
                });
    }

    @Override
    public void resealEabKey(Transaction tx, String kid, String sealedHmac) {
        SqlTransaction.of(tx).update("UPDATE acme_server_eab_keys SET sealed_hmac = ? WHERE kid = ?", s -> {
            s.setString(1, sealedHmac);
            s.setString(2, kid);
        });
    }

    @Override
    public Optional<EabKey> eabKey(Transaction tx, String kid) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT " + EAB_COLUMNS + " FROM acme_server_eab_keys WHERE kid = ?",
                        s -> s.setString(1, kid),
                        SqlAcmeServerRecords::eabRow);
    }

    @Override
    public List<EabKey> eabKeys(Transaction tx) {
        return SqlTransaction.of(tx)
                .query(
                        "SELECT " + EAB_COLUMNS + " FROM acme_server_eab_keys ORDER BY kid",
                        s -> {},
                        SqlAcmeServerRecords::eabRow);
    }

    @Override
    public boolean bindEabKey(Transaction tx, String kid, String accountId) {
        return SqlTransaction.of(tx)
                        .update(
                                "UPDATE acme_server_eab_keys SET account_id = ? WHERE kid = ? AND account_id IS NULL",
                                s -> {
                                    s.setString(1, accountId);
                                    s.setString(2, kid);
                                })
                > 0;
    }

    @Override
    public boolean deleteEabKey(Transaction tx, String kid) {
        return SqlTransaction.of(tx).update("DELETE FROM acme_server_eab_keys WHERE kid = ?", s -> s.setString(1, kid))
                > 0;
    }

    // --- accounts

    private static AcmeAccount accountRow(ResultSet r) throws SQLException {
        String contact = r.getString(5);
        return new AcmeAccount(
                r.getString(1),
                r.getString(2),
                r.getString(3),
                AcmeStatus.parse(AcmeAccount.Status.class, r.getString(4)),
                contact.isEmpty() ? List.of() : Arrays.asList(contact.split("\n")),
                r.getString(6),
                Instant.ofEpochMilli(r.getLong(7)));
    }

    @Override
    public void addAccount(Transaction tx, AcmeAccount account) {
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO acme_server_accounts (" + ACCOUNT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                        s -> {
                            s.setString(1, account.id());
                            s.setString(2, account.keyThumbprint());
                            s.setString(3, account.jwk());
                            s.setString(4, account.status().id());
                            s.setString(5, String.join("\n", account.contact()));
                            s.setString(6, account.eabKid());
                            s.setLong(7, account.createdAt().toEpochMilli());
                        });
    }

    @Override
    public Optional<AcmeAccount> account(Transaction tx, String id) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT " + ACCOUNT_COLUMNS + " FROM acme_server_accounts WHERE id = ?",
                        s -> s.setString(1, id),
                        SqlAcmeServerRecords::accountRow);
    }

    @Override
    public Optional<AcmeAccount> accountByKey(Transaction tx, String keyThumbprint) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT " + ACCOUNT_COLUMNS + " FROM acme_server_accounts WHERE key_thumbprint = ?",
                        s -> s.setString(1, keyThumbprint),
                        SqlAcmeServerRecords::accountRow);
    }

    @Override
    public void updateAccount(Transaction tx, AcmeAccount account) {
        SqlTransaction.of(tx)
                .update(
                        "UPDATE acme_server_accounts SET key_thumbprint = ?, jwk = ?, status = ?, contact = ?"
                                + " WHERE id = ?",
                        s -> {
                            s.setString(1, account.keyThumbprint());
                            s.setString(2, account.jwk());
                            s.setString(3, account.status().id());
                            s.setString(4, String.join("\n", account.contact()));
                            s.setString(5, account.id());
                        });
    }

    // --- orders and authorizations

    private static AcmeOrder orderRow(ResultSet r) throws SQLException {
        return new AcmeOrder(
                r.getString(1),
                r.getString(2),
                AcmeStatus.parse(AcmeOrder.Status.class, r.getString(3)),
                Arrays.asList(r.getString(4).split(",")),
                Instant.ofEpochMilli(r.getLong(5)),
                r.getString(6),
                r.getString(7),
                Instant.ofEpochMilli(r.getLong(8)));
    }

    private static AcmeAuthorization authorizationRow(ResultSet r) throws SQLException {
        return new AcmeAuthorization(
                r.getString(1),
                r.getString(2),
                r.getInt(3),
                r.getString(4),
                r.getString(5),
                AcmeStatus.parse(AcmeAuthorization.Status.class, r.getString(6)),
                Instant.ofEpochMilli(r.getLong(7)),
                r.getString(8),
                r.getString(9),
                SqlTransaction.instant(r, "validated_at"),
                r.getString(11));
    }

    @Override
    public void addOrder(Transaction tx, AcmeOrder order, List<AcmeAuthorization> authorizations) {
        SqlTransaction sql = SqlTransaction.of(tx);
        sql.update("INSERT INTO acme_server_orders (" + ORDER_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", s -> {
            s.setString(1, order.id());
            s.setString(2, order.accountId());
            s.setString(3, order.status().id());
            s.setString(4, String.join(",", order.identifiers()));
            s.setLong(5, order.expires().toEpochMilli());
            s.setString(6, order.error());
            s.setString(7, order.certificateId());
            s.setLong(8, order.createdAt().toEpochMilli());
        });
        for (AcmeAuthorization authorization : authorizations) {
            sql.update(
                    "INSERT INTO acme_server_authorizations (" + AUTHORIZATION_COLUMNS + ")"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    s -> {
                        s.setString(1, authorization.id());
                        s.setString(2, authorization.orderId());
                        s.setInt(3, authorization.ordinal());
                        s.setString(4, authorization.accountId());
                        s.setString(5, authorization.identifier());
                        s.setString(6, authorization.status().id());
                        s.setLong(7, authorization.expires().toEpochMilli());
                        s.setString(8, authorization.token());
                        s.setString(9, authorization.challengeType());
                        SqlTransaction.setLong(s, 10, SqlTransaction.millis(authorization.validatedAt()));
                        s.setString(11, authorization.error());
                    });
        }
    }

    @Override
    public Optional<AcmeOrder> order(Transaction tx, String id) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT " + ORDER_COLUMNS + " FROM acme_server_orders WHERE id = ?",
                        s -> s.setString(1, id),
                        SqlAcmeServerRecords::orderRow);
    }

    @Override
    public List<String> orderIds(Transaction tx, String accountId, int limit) {
        return SqlTransaction.of(tx)
                .query(
                        "SELECT id FROM acme_server_orders WHERE account_id = ? ORDER BY created_at DESC, id LIMIT ?",
                        s -> {
                            s.setString(1, accountId);
                            s.setInt(2, limit);
                        },
                        r -> r.getString(1));
    }

    @Override
    public boolean updateOrder(
            Transaction tx, String id, AcmeOrder.Status from, AcmeOrder.Status to, String error, String certificateId) {
        return SqlTransaction.of(tx)
                        .update(
                                "UPDATE acme_server_orders SET status = ?, error = ?, certificate_id = ?"
                                        + " WHERE id = ? AND status = ?",
                                s -> {
                                    s.setString(1, to.id());
                                    s.setString(2, error);
                                    s.setString(3, certificateId);
                                    s.setString(4, id);
                                    s.setString(5, from.id());
                                })
                > 0;
    }

    @Override
    public Optional<AcmeAuthorization> authorization(Transaction tx, String id) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT " + AUTHORIZATION_COLUMNS + " FROM acme_server_authorizations WHERE id = ?",
                        s -> s.setString(1, id),
                        SqlAcmeServerRecords::authorizationRow);
    }

    @Override
    public List<AcmeAuthorization> authorizations(Transaction tx, String orderId) {
        return SqlTransaction.of(tx)
                .query(
                        "SELECT " + AUTHORIZATION_COLUMNS
                                + " FROM acme_server_authorizations WHERE order_id = ? ORDER BY ordinal",
                        s -> s.setString(1, orderId),
                        SqlAcmeServerRecords::authorizationRow);
    }

    @Override
    public boolean updateAuthorization(
            Transaction tx,
            String id,
            AcmeAuthorization.Status from,
            AcmeAuthorization.Status to,
            String challengeType,
            Instant validatedAt,
            String error) {
        return SqlTransaction.of(tx)
                        .update(
                                "UPDATE acme_server_authorizations SET status = ?, challenge_type = ?,"
                                        + " validated_at = ?, error = ? WHERE id = ? AND status = ?",
                                s -> {
                                    s.setString(1, to.id());
                                    s.setString(2, challengeType);
                                    SqlTransaction.setLong(s, 3, SqlTransaction.millis(validatedAt));
                                    s.setString(4, error);
                                    s.setString(5, id);
                                    s.setString(6, from.id());
                                })
                > 0;
    }

    @Override
    public List<AcmeAuthorization> validAuthorizations(
            Transaction tx, String accountId, String identifier, Instant now) {
        return SqlTransaction.of(tx)
                .query(
                        "SELECT " + AUTHORIZATION_COLUMNS + " FROM acme_server_authorizations"
                                + " WHERE account_id = ? AND identifier = ? AND status = 'valid' AND expires > ?",
                        s -> {
                            s.setString(1, accountId);
                            s.setString(2, identifier);
                            s.setLong(3, now.toEpochMilli());
                        },
                        SqlAcmeServerRecords::authorizationRow);
    }

    // --- certificates

    private static AcmeCertificate certificateRow(ResultSet r) throws SQLException {
        return new AcmeCertificate(
                r.getString(1),
                new BigInteger(r.getString(2), 16),
                r.getString(3),
                r.getString(4),
                r.getString(5),
                Instant.ofEpochMilli(r.getLong(6)));
    }

    @Override
    public void addCertificate(Transaction tx, AcmeCertificate certificate) {
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO acme_server_certificates (" + CERTIFICATE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
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
    public Optional<AcmeCertificate> certificate(Transaction tx, String id) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT " + CERTIFICATE_COLUMNS + " FROM acme_server_certificates WHERE id = ?",
                        s -> s.setString(1, id),
                        SqlAcmeServerRecords::certificateRow);
    }

    @Override
    public Optional<AcmeCertificate> certificateBySerial(Transaction tx, BigInteger serial) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT " + CERTIFICATE_COLUMNS + " FROM acme_server_certificates WHERE serial = ?",
                        s -> s.setString(1, serial.toString(16)),
                        SqlAcmeServerRecords::certificateRow);
    }

    // --- used nonces

    @Override
    public boolean useNonce(Transaction tx, String id, Instant expires) {
        // Both SQLite and PostgreSQL skip a conflicting row: no row inserted means the nonce was used.
        return SqlTransaction.of(tx)
                        .update(
                                "INSERT INTO acme_server_nonces (id, expires) VALUES (?, ?)"
                                        + " ON CONFLICT (id) DO NOTHING",
                                s -> {
                                    s.setString(1, id);
                                    s.setLong(2, expires.toEpochMilli());
                                })
                == 1;
    }

    @Override
    public int deleteNonces(Transaction tx, Instant before) {
        return SqlTransaction.of(tx)
                .update("DELETE FROM acme_server_nonces WHERE expires < ?", s -> s.setLong(1, before.toEpochMilli()));
    }
}
