package io.certwiz.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.ca.CaCrls;
import io.certwiz.ca.StoredCrl;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import org.junit.jupiter.api.Test;

/** The embedded CA's stored CRLs: one current CRL per issuer, replaced only by a writer that saw it. */
class SqlCaCrlsTest extends StorageContract {
    private final CaCrls crls = new SqlCaCrls();
    private final Thumbprint issuer = Thumbprint.of(INTERMEDIATE.certificate());

    private StoredCrl crl(long number, long revoked) {
        return new StoredCrl(issuer, number, T0, T1, revoked, bytes("crl " + number));
    }

    @Test
    void theFirstIsStoredOnceAndReplacedOnlyByWhoSawTheCurrentOne() {
        assertThat(store.read((Transaction tx) -> crls.find(tx, issuer))).isEmpty();
        assertThat(store.write((Transaction tx) -> crls.replace(tx, crl(5, 0), null)))
                .isTrue();
        // A second first one (another server of a pool, at the same moment) is not written.
        assertThat(store.write((Transaction tx) -> crls.replace(tx, crl(6, 0), null)))
                .isFalse();
        StoredCrl stored = store.read((Transaction tx) -> crls.find(tx, issuer)).orElseThrow();
        assertThat(stored.number()).isEqualTo(5);
        assertThat(stored.der()).isEqualTo(bytes("crl 5"));
        assertThat(stored.thisUpdate()).isEqualTo(T0);
        assertThat(stored.nextUpdate()).isEqualTo(T1);

        assertThat(store.write((Transaction tx) -> crls.replace(tx, crl(7, 2), 4L)))
                .isFalse();
        assertThat(store.write((Transaction tx) -> crls.replace(tx, crl(7, 2), 5L)))
                .isTrue();
        StoredCrl replaced =
                store.read((Transaction tx) -> crls.find(tx, issuer)).orElseThrow();
        assertThat(replaced.number()).isEqualTo(7);
        assertThat(replaced.revokedCount()).isEqualTo(2);
        assertThat(replaced.der()).isEqualTo(bytes("crl 7"));
        assertThat(store.read((Transaction tx) -> crls.find(tx, Thumbprint.of(ROOT.certificate()))))
                .isEmpty();
    }
}
