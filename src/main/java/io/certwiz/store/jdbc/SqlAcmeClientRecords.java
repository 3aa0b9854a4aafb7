package io.certwiz.store.jdbc;

import io.certwiz.acme.client.AcmeAccountRecord;
import io.certwiz.acme.client.AcmeClientRecords;
import io.certwiz.acme.client.AcmeIssuedRecord;
import io.certwiz.acme.client.ChallengeType;
import io.certwiz.acme.client.PublishedChallenge;
import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@link AcmeClientRecords} in the {@code acme_client_accounts}, {@code acme_client_certificates} and
 * {@code acme_client_challenges} tables.
 */
public final class SqlAcmeClientRecords implements AcmeClientRecords {
    private static final String ACCOUNT_COLUMNS = "name, directory_url, account_url, key_id, contacts, ca_bundle,"
            + " eab_kid, profile, terms_of_service, created_at";
    private static final String ISSUED_COLUMNS = "thumbprint, ca_name, ari_id, certificate_url, order_url,"
            + " chain_issuer, alternate_issuers, window_start, window_end, window_explanation, window_checked_at,"
            + " issued_at";

    private static List<String> split(String joined, String separator) {
        return joined.isEmpty() ? List.of() : Arrays.asList(joined.split(separator));
    }

    private static AcmeAccountRecord accountRow(ResultSet r) throws SQLException {
        return new AcmeAccountRecord(
                r.getString("name"),
                r.getString("directory_url"),
                r.getString("account_url"),
                r.getLong("key_id"),
                split(r.getString("contacts"), ","),
                r.getString("ca_bundle"),
                r.getString("eab_kid"),
                r.getString("profile"),
                r.getString("terms_of_service"),
                SqlTransaction.instant(r, "created_at"));
    }

    private static AcmeIssuedRecord issuedRow(ResultSet r) throws SQLException {
        return new AcmeIssuedRecord(
                new Thumbprint(r.getString("thumbprint")),
                r.getString("ca_name"),
                r.getString("ari_id"),
                r.getString("certificate_url"),
                r.getString("order_url"),
                r.getString("chain_issuer"),
                split(r.getString("alternate_issuers"), "\n"),
                SqlTransaction.instant(r, "window_start"),
                SqlTransaction.instant(r, "window_end"),
                r.getString("window_explanation"),
                SqlTransaction.instant(r, "window_checked_at"),
                SqlTransaction.instant(r, "issued_at"));
    }

    @Override
    public void addAccount(Transaction tx, AcmeAccountRecord account) {
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO acme_client_accounts (" + ACCOUNT_COLUMNS
                                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
    public Optional<AcmeAccountRecord> account(Transaction tx, String name) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT " + ACCOUNT_COLUMNS + " FROM acme_client_accounts WHERE name = ?",
                        s -> s.setString(1, name),
                        SqlAcmeClientRecords::accountRow);
    }

    @Override
    public List<AcmeAccountRecord> accounts(Transaction tx) {
        return SqlTransaction.of(tx)
                .query(
                        "SELECT " + ACCOUNT_COLUMNS + " FROM acme_client_accounts ORDER BY name",
                        s -> {},
                        SqlAcmeClientRecords::accountRow);
    }

    @Override
    public void deleteAccount(Transaction tx, String name) {
        SqlTransaction.of(tx).update("DELETE FROM acme_client_accounts WHERE name = ?", s -> s.setString(1, name));
    }

    @Override
    public void putIssued(Transaction tx, AcmeIssuedRecord record) {
        SqlTransaction sql = SqlTransaction.of(tx);
        sql.update(
                "DELETE FROM acme_client_certificates WHERE thumbprint = ?",
                s -> s.setString(1, record.thumbprint().hex()));
        sql.update(
                "INSERT INTO acme_client_certificates (" + ISSUED_COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, record.thumbprint().hex());
                    s.setString(2, record.caName());
                    s.setString(3, record.ariId());
                    s.setString(4, record.certificateUrl());
                    s.setString(5, record.orderUrl());
                    s.setString(6, record.chainIssuer());
                    s.setString(7, String.join("\n", record.alternateIssuers()));
                    SqlTransaction.setLong(s, 8, SqlTransaction.millis(record.windowStart()));
                    SqlTransaction.setLong(s, 9, SqlTransaction.millis(record.windowEnd()));
                    s.setString(10, record.windowExplanation());
                    SqlTransaction.setLong(s, 11, SqlTransaction.millis(record.windowCheckedAt()));
                    s.setLong(12, record.issuedAt().toEpochMilli());
                });
    }

    @Override
    public Optional<AcmeIssuedRecord> issued(Transaction tx, Thumbprint thumbprint) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT " + ISSUED_COLUMNS + " FROM acme_client_certificates WHERE thumbprint = ?",
                        s -> s.setString(1, thumbprint.hex()),
                        SqlAcmeClientRecords::issuedRow);
    }

    @Override
    public void putChallenge(
            Transaction tx,
            String token,
            ChallengeType type,
            String keyAuthorization,
            String identifier,
            Instant expiresAt) {
        SqlTransaction sql = SqlTransaction.of(tx);
        sql.update("DELETE FROM acme_client_challenges WHERE token = ?", s -> s.setString(1, token));
        sql.update(
                "INSERT INTO acme_client_challenges (token, challenge_type, key_authorization, identifier, expires_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                s -> {
                    s.setString(1, token);
                    s.setString(2, type.id());
                    s.setString(3, keyAuthorization);
                    s.setString(4, identifier);
                    s.setLong(5, expiresAt.toEpochMilli());
                });
    }

    @Override
    public Optional<String> http01Answer(Transaction tx, String token, Instant now) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT key_authorization FROM acme_client_challenges"
                                + " WHERE token = ? AND challenge_type = 'http-01' AND expires_at >= ?",
                        s -> {
                            s.setString(1, token);
                            s.setLong(2, now.toEpochMilli());
                        },
                        r -> r.getString(1));
    }

    @Override
    public boolean tlsAlpnPending(Transaction tx, Instant now) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT 1 FROM acme_client_challenges WHERE challenge_type = 'tls-alpn-01' AND expires_at >= ?"
                                + " LIMIT 1",
                        s -> s.setLong(1, now.toEpochMilli()),
                        r -> r.getInt(1))
                .isPresent();
    }

    @Override
    public Optional<PublishedChallenge> tlsAlpnAnswer(Transaction tx, String token, Instant now) {
        return SqlTransaction.of(tx)
                .queryOne(
                        "SELECT identifier, key_authorization FROM acme_client_challenges"
                                + " WHERE token = ? AND challenge_type = 'tls-alpn-01' AND expires_at >= ?",
                        s -> {
                            s.setString(1, token);
                            s.setLong(2, now.toEpochMilli());
                        },
                        r -> new PublishedChallenge(r.getString(1), r.getString(2)));
    }

    @Override
    public void deleteChallenge(Transaction tx, String token, Instant now) {
        SqlTransaction.of(tx).update("DELETE FROM acme_client_challenges WHERE token = ? OR expires_at < ?", s -> {
            s.setString(1, token);
            s.setLong(2, now.toEpochMilli());
        });
    }
}
