package io.certwiz.store.jdbc;

import io.certwiz.alert.AlertChannel;
import io.certwiz.alert.AlertRecords;
import io.certwiz.alert.AlertState;
import io.certwiz.alert.Severity;
import io.certwiz.store.SqlTransaction;
import io.certwiz.store.Transaction;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** {@link AlertRecords} in the {@code alert_channels} and {@code alert_states} tables. */
public final class SqlAlertRecords implements AlertRecords {
    private static final String CHANNEL =
            "SELECT name, kind, target, settings, sealed_secret, min_severity, created_at FROM alert_channels";
    private static final String STATE = "SELECT alert_key, kind, severity, subject, message, first_seen, last_seen,"
            + " last_sent, sent_count, resolved_at FROM alert_states";

    private static AlertChannel channel(ResultSet r) throws SQLException {
        return new AlertChannel(
                r.getString("name"),
                AlertChannel.Kind.valueOf(r.getString("kind")),
                r.getString("target"),
                r.getString("settings"),
                r.getString("sealed_secret"),
                Severity.valueOf(r.getString("min_severity")),
                SqlTransaction.instant(r, "created_at"));
    }

    private static AlertState state(ResultSet r) throws SQLException {
        return new AlertState(
                r.getString("alert_key"),
                r.getString("kind"),
                Severity.valueOf(r.getString("severity")),
                r.getString("subject"),
                r.getString("message"),
                SqlTransaction.instant(r, "first_seen"),
                SqlTransaction.instant(r, "last_seen"),
                SqlTransaction.instant(r, "last_sent"),
                r.getInt("sent_count"),
                SqlTransaction.instant(r, "resolved_at"));
    }

    @Override
    public List<AlertChannel> channels(Transaction tx) {
        return SqlTransaction.of(tx).query(CHANNEL + " ORDER BY name", s -> {}, SqlAlertRecords::channel);
    }

    @Override
    public Optional<AlertChannel> channel(Transaction tx, String name) {
        return SqlTransaction.of(tx)
                .queryOne(CHANNEL + " WHERE name = ?", s -> s.setString(1, name), SqlAlertRecords::channel);
    }

    @Override
    public boolean addChannel(Transaction tx, AlertChannel c) {
        return SqlTransaction.of(tx)
                        .update(
                                "INSERT INTO alert_channels (name, kind, target, settings, sealed_secret, min_severity,"
                                        + " created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING",
                                s -> {
                                    s.setString(1, c.name());
                                    s.setString(2, c.kind().name());
                                    s.setString(3, c.target());
                                    s.setString(4, c.settings());
                                    s.setString(5, c.sealedSecret());
                                    s.setString(6, c.minSeverity().name());
                                    s.setLong(7, c.createdAt().toEpochMilli());
                                })
                == 1;
    }

    @Override
    public void deleteChannel(Transaction tx, String name) {
        SqlTransaction.of(tx).update("DELETE FROM alert_channels WHERE name = ?", s -> s.setString(1, name));
    }

    @Override
    public List<AlertState> states(Transaction tx) {
        return SqlTransaction.of(tx).query(STATE + " ORDER BY alert_key", s -> {}, SqlAlertRecords::state);
    }

    @Override
    public void put(Transaction tx, AlertState a) {
        SqlTransaction.of(tx)
                .update(
                        "INSERT INTO alert_states (alert_key, kind, severity, subject, message, first_seen, last_seen,"
                                + " last_sent, sent_count, resolved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                                + " ON CONFLICT (alert_key) DO UPDATE SET kind = excluded.kind,"
                                + " severity = excluded.severity, subject = excluded.subject,"
                                + " message = excluded.message, first_seen = excluded.first_seen,"
                                + " last_seen = excluded.last_seen, last_sent = excluded.last_sent,"
                                + " sent_count = excluded.sent_count, resolved_at = excluded.resolved_at",
                        s -> {
                            s.setString(1, a.key());
                            s.setString(2, a.kind());
                            s.setString(3, a.severity().name());
                            s.setString(4, a.subject());
                            s.setString(5, a.message());
                            s.setLong(6, a.firstSeen().toEpochMilli());
                            s.setLong(7, a.lastSeen().toEpochMilli());
                            SqlTransaction.setLong(s, 8, SqlTransaction.millis(a.lastSent()));
                            s.setInt(9, a.sentCount());
                            SqlTransaction.setLong(s, 10, SqlTransaction.millis(a.resolvedAt()));
                        });
    }

    @Override
    public void seen(Transaction tx, String key, Severity severity, String message, Instant at) {
        SqlTransaction.of(tx)
                .update("UPDATE alert_states SET severity = ?, message = ?, last_seen = ? WHERE alert_key = ?", s -> {
                    s.setString(1, severity.name());
                    s.setString(2, message);
                    s.setLong(3, at.toEpochMilli());
                    s.setString(4, key);
                });
    }

    @Override
    public void resolve(Transaction tx, String key, Instant at) {
        SqlTransaction.of(tx)
                .update("UPDATE alert_states SET resolved_at = ? WHERE alert_key = ? AND resolved_at IS NULL", s -> {
                    s.setLong(1, at.toEpochMilli());
                    s.setString(2, key);
                });
    }

    @Override
    public boolean claimSend(Transaction tx, String key, Instant lastSent, Instant at) {
        String sent = lastSent == null ? "last_sent IS NULL" : "last_sent = ?";
        return SqlTransaction.of(tx)
                        .update(
                                "UPDATE alert_states SET last_sent = ?, sent_count = sent_count + 1"
                                        + " WHERE alert_key = ? AND " + sent,
                                s -> {
                                    s.setLong(1, at.toEpochMilli());
                                    s.setString(2, key);
                                    if (lastSent != null) {
                                        s.setLong(3, lastSent.toEpochMilli());
                                    }
                                })
                == 1;
    }

    @Override
    public void deleteResolvedBefore(Transaction tx, Instant before) {
        SqlTransaction.of(tx)
                .update(
                        "DELETE FROM alert_states WHERE resolved_at IS NOT NULL AND resolved_at < ?",
                        s -> s.setLong(1, before.toEpochMilli()));
    }
}
