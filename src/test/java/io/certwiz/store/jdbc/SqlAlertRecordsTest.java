package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.alert.AlertChannel;
import io.certwiz.alert.AlertRecords;
import io.certwiz.alert.AlertState;
import io.certwiz.alert.Severity;
import io.certwiz.store.Transaction;
import org.junit.jupiter.api.Test;

/** The alerts' storage contract, on SQLite and on PostgreSQL: channels, states, and a send claimed once. */
class SqlAlertRecordsTest extends StorageContract {
    private final AlertRecords alerts = new SqlAlertRecords();

    @Test
    void channelsAreAddedOnceAndRemoved() {
        AlertChannel hook = new AlertChannel(
                "ops", AlertChannel.Kind.webhook, "https://h.example.com/", "{}", "sealed", Severity.warning, T0);
        assertThat(store.write((Transaction tx) -> (Boolean) alerts.addChannel(tx, hook)))
                .isTrue();
        assertThat(store.write((Transaction tx) -> (Boolean) alerts.addChannel(tx, hook)))
                .isFalse();
        assertThat(store.read((Transaction tx) -> alerts.channel(tx, "ops"))).contains(hook);
        assertThat(store.read((Transaction tx) -> alerts.channels(tx))).containsExactly(hook);
        store.write(tx -> {
            alerts.deleteChannel(tx, "ops");
            return null;
        });
        assertThat(store.read((Transaction tx) -> alerts.channels(tx))).isEmpty();
    }

    @Test
    void aSendIsClaimedOnceForTheLastSendThatWasRead() {
        AlertState fresh = new AlertState("k", "expiry", Severity.warning, "s", "m", T0, T0, null, 0, null);
        store.write(tx -> {
            alerts.put(tx, fresh);
            return null;
        });
        assertThat(store.write((Transaction tx) -> (Boolean) alerts.claimSend(tx, "k", null, T0)))
                .isTrue();
        // A second server that read the same (unsent) state loses.
        assertThat(store.write((Transaction tx) -> (Boolean) alerts.claimSend(tx, "k", null, T0)))
                .isFalse();
        assertThat(store.write((Transaction tx) -> (Boolean) alerts.claimSend(tx, "k", T0, T1)))
                .isTrue();
        store.write(tx -> {
            alerts.seen(tx, "k", Severity.critical, "worse", T1);
            return null;
        });
        AlertState seen = store.read((Transaction tx) -> alerts.states(tx)).getFirst();
        assertThat(seen).isEqualTo(new AlertState("k", "expiry", Severity.critical, "s", "worse", T0, T1, T1, 2, null));

        store.write(tx -> {
            alerts.resolve(tx, "k", T1);
            alerts.deleteResolvedBefore(tx, T1);
            return null;
        });
        assertThat(store.read((Transaction tx) -> alerts.states(tx)).getFirst().resolvedAt())
                .isEqualTo(T1);
        store.write(tx -> {
            alerts.deleteResolvedBefore(tx, T1.plusMillis(1));
            return null;
        });
        assertThat(store.read((Transaction tx) -> alerts.states(tx))).isEmpty();
    }
}
