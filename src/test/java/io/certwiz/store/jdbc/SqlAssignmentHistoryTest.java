package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.assignment.AssignmentChange;
import io.certwiz.assignment.AssignmentHistory;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each usage's assignment history: appended, numbered per usage, read newest first, on SQLite and PostgreSQL. */
class SqlAssignmentHistoryTest extends StorageContract {
    private final AssignmentHistory history = new SqlAssignmentHistory();
    private final Thumbprint a = Thumbprint.of(LEAF_A.certificate());
    private final Thumbprint b = Thumbprint.of(LEAF_B.certificate());

    @Test
    void changesAreKeptPerUsageNewestFirst() {
        assertThat(store.read((Transaction tx) -> history.of(tx, Usage.Default, 10)))
                .isEmpty();
        store.write((Transaction tx) -> {
            history.append(tx, Usage.Default, a, T0, AssignmentChange.ASSIGN);
            history.append(tx, Usage.WebServicesInternal, a, T0, AssignmentChange.ASSIGN);
            history.append(tx, Usage.Default, b, T1, AssignmentChange.RENEW);
            history.append(tx, Usage.Default, null, T1, AssignmentChange.UNASSIGN);
            return null;
        });
        List<AssignmentChange> defaults = store.read((Transaction tx) -> history.of(tx, Usage.Default, 10));
        assertThat(defaults)
                .containsExactly(
                        new AssignmentChange(Usage.Default, 3, null, T1, AssignmentChange.UNASSIGN),
                        new AssignmentChange(Usage.Default, 2, b, T1, AssignmentChange.RENEW),
                        new AssignmentChange(Usage.Default, 1, a, T0, AssignmentChange.ASSIGN));
        assertThat(store.read((Transaction tx) -> history.of(tx, Usage.Default, 1)))
                .extracting(AssignmentChange::seq)
                .containsExactly(3L);
        assertThat(store.read((Transaction tx) -> history.of(tx, Usage.WebServicesInternal, 10)))
                .containsExactly(new AssignmentChange(Usage.WebServicesInternal, 1, a, T0, AssignmentChange.ASSIGN));
        assertThat(store.read((Transaction tx) -> history.everAssigned(tx, b))).isTrue();
        assertThat(store.read((Transaction tx) -> history.everAssigned(tx, Thumbprint.of(ROOT.certificate()))))
                .isFalse();
    }
}
