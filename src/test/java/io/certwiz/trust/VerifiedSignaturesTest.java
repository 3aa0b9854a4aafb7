package io.certwiz.trust;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VerifiedSignaturesTest {
    @Test
    void onlyTheExactCertificateUnderTheExactKeyIsKnown() {
        byte[] certificate = {1, 2, 3, 4};
        byte[] key = {9, 8, 7};
        assertThat(VerifiedSignatures.known(certificate, key)).isFalse();

        VerifiedSignatures.remember(certificate, key);

        assertThat(VerifiedSignatures.known(certificate, key)).isTrue();
        assertThat(VerifiedSignatures.known(new byte[] {1, 2, 3, 5}, key)).isFalse();
        assertThat(VerifiedSignatures.known(certificate, new byte[] {9, 8, 6})).isFalse();
    }

    @Test
    void staysBoundedByStartingOver() {
        for (int i = 0; i <= VerifiedSignatures.CAPACITY; i++) {
            VerifiedSignatures.remember(new byte[] {(byte) i, (byte) (i >> 8), 42}, new byte[] {42});
        }
        assertThat(VerifiedSignatures.known(new byte[] {0, 0, 42}, new byte[] {42}))
                .isFalse();
        assertThat(VerifiedSignatures.known(
                        new byte[] {(byte) VerifiedSignatures.CAPACITY, (byte) (VerifiedSignatures.CAPACITY >> 8), 42},
                        new byte[] {42}))
                .isTrue();
    }
}
