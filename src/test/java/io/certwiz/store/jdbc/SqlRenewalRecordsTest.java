package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.renewal.RenewalRecords;
import io.certwiz.renewal.RenewalState;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The renewal state's storage contract (states, leases, lineage), on SQLite and on PostgreSQL. */
class SqlRenewalRecordsTest extends StorageContract {
    private final RenewalRecords renewals = new SqlRenewalRecords();
    private final Thumbprint a = Thumbprint.of(LEAF_A.certificate());
    private final Thumbprint b = Thumbprint.of(LEAF_B.certificate());

    @Test
    void statesArePutReplacedAndDeleted() {
        assertThat(store.read((Transaction tx) -> renewals.state(tx, a))).isEmpty();
        RenewalState planned = RenewalState.planned(a, T0);
        store.write(tx -> {
            renewals.put(tx, planned);
            return null;
        });
        assertThat(store.read((Transaction tx) -> renewals.state(tx, a))).contains(planned);
        RenewalState failed = planned.failed(T1, "the CA said no", T1.plusSeconds(60));
        store.write(tx -> {
            renewals.put(tx, failed);
            return null;
        });
        RenewalState read =
                store.read((Transaction tx) -> renewals.state(tx, a)).orElseThrow();
        assertThat(read).isEqualTo(failed);
        assertThat(read.failures()).isEqualTo(1);
        assertThat(read.lastError()).isEqualTo("the CA said no");
        store.write(tx -> {
            renewals.delete(tx, a);
            return null;
        });
        assertThat(store.read((Transaction tx) -> renewals.all(tx))).isEmpty();
    }

    @Test
    void dueStatesComeSoonestFirstAndLimited() {
        store.write(tx -> {
            renewals.put(tx, RenewalState.planned(a, T1));
            renewals.put(tx, RenewalState.planned(b, T0));
            return null;
        });
        assertThat(store.read((Transaction tx) -> renewals.dueBy(tx, T0.minusMillis(1), 10)))
                .isEmpty();
        assertThat(store.read((Transaction tx) -> renewals.dueBy(tx, T0, 10)))
                .extracting(RenewalState::thumbprint)
                .containsExactly(b);
        List<RenewalState> both = store.read((Transaction tx) -> renewals.dueBy(tx, T1, 10));
        assertThat(both).extracting(RenewalState::thumbprint).containsExactly(b, a);
        assertThat(store.read((Transaction tx) -> renewals.dueBy(tx, T1, 1))).hasSize(1);
    }

    @Test
    void aLeaseIsHeldByOneOwnerUntilItEndsOrIsReleased() {
        store.write(tx -> {
            renewals.put(tx, RenewalState.planned(a, T0));
            return null;
        });
        java.time.Instant until = T0.plus(Duration.ofMinutes(10));
        assertThat(store.write((Transaction tx) -> renewals.lease(tx, a, "fe01", T0, until)))
                .isTrue();
        assertThat(store.write((Transaction tx) -> renewals.lease(tx, a, "fe02", T0.plusSeconds(1), until)))
                .as("another server cannot take an unexpired lease")
                .isFalse();
        assertThat(store.write(
                        (Transaction tx) -> renewals.lease(tx, a, "fe01", T0.plusSeconds(2), until.plusSeconds(60))))
                .as("the holder renews its own lease")
                .isTrue();
        assertThat(store.read((Transaction tx) -> renewals.state(tx, a))
                        .orElseThrow()
                        .leasedAt(T0))
                .isTrue();
        store.write(tx -> {
            renewals.release(tx, a, "fe02");
            return null;
        });
        assertThat(store.read((Transaction tx) -> renewals.state(tx, a))
                        .orElseThrow()
                        .leaseOwner())
                .as("only the holder releases")
                .isEqualTo("fe01");
        assertThat(store.write((Transaction tx) ->
                        renewals.lease(tx, a, "fe02", until.plusSeconds(61), until.plusSeconds(600))))
                .as("an expired lease can be taken")
                .isTrue();
        store.write(tx -> {
            renewals.release(tx, a, "fe02");
            return null;
        });
        assertThat(store.read((Transaction tx) -> renewals.state(tx, a))
                        .orElseThrow()
                        .leaseOwner())
                .isNull();
        assertThat(store.write((Transaction tx) -> renewals.lease(tx, b, "fe01", T0, until)))
                .as("no state, no lease")
                .isFalse();
    }

    @Test
    void lineageLinksBothWaysAndCanBeForgotten() {
        store.write(tx -> {
            renewals.recordRenewal(tx, b, a, T1);
            return null;
        });
        assertThat(store.read((Transaction tx) -> renewals.replaces(tx, b))).contains(a);
        assertThat(store.read((Transaction tx) -> renewals.replacedBy(tx, a))).contains(b);
        assertThat(store.read((Transaction tx) -> renewals.replaces(tx, a))).isEmpty();
        store.write(tx -> {
            renewals.forgetRenewal(tx, b);
            return null;
        });
        assertThat(store.read((Transaction tx) -> renewals.replacedBy(tx, a))).isEmpty();
    }

    @Test
    void aStateKeepsTheOfflineRequestItWaitsFor() {
        RenewalState waiting = RenewalState.planned(a, T0).waitingFor(42, T1, "waiting for the CA", T1.plusSeconds(60));
        store.write((Transaction tx) -> {
            renewals.put(tx, waiting);
            return null;
        });
        RenewalState read =
                store.read((Transaction tx) -> renewals.state(tx, a)).orElseThrow();
        assertThat(read).isEqualTo(waiting);
        assertThat(read.pendingRequest()).isEqualTo(42L);
        assertThat(read.failing()).isTrue();
        assertThat(read.failed(T1, "again", T1).pendingRequest())
                .as("a later failure still waits for the same request")
                .isEqualTo(42L);
        assertThat(RenewalState.planned(b, T0).pendingRequest()).isNull();
    }
}
