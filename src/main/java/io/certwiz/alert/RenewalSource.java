package io.certwiz.alert;

import io.certwiz.renewal.RenewalRecords;
import io.certwiz.renewal.RenewalState;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.util.List;

/** What alerts read of renewal: each certificate's renewal state, and whether a certificate was renewed. */
public interface RenewalSource {
    List<RenewalState> states(Transaction tx);

    boolean renewed(Transaction tx, Thumbprint thumbprint);

    /** Renewal's own storage. */
    static RenewalSource of(RenewalRecords records) {
        return new RenewalSource() {
            @Override
            public List<RenewalState> states(Transaction tx) {
                return records.all(tx);
            }

            @Override
            public boolean renewed(Transaction tx, Thumbprint thumbprint) {
                return records.replacedBy(tx, thumbprint).isPresent();
            }
        };
    }
}
