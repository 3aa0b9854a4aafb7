package io.certwiz.x509;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certwiz.CertwizException;
import io.certwiz.testing.FuzzContract;
import org.junit.jupiter.api.BeforeAll;

/**
 * Feeds arbitrary bytes to {@link CertificateReader#read}: whatever the file holds, the only thing
 * that may escape is a {@link CertwizException} with a one-line message (no other exception, no hang).
 *
 * <p>In a normal build this runs in regression mode over the seeds in
 * {@code src/test/resources/io/certwiz/x509/CertificateReaderFuzzTestInputs/}; see docs/fuzzing.md for
 * fuzzing mode.
 */
class CertificateReaderFuzzTest {
    private static final char[] PASSWORD = "fuzz".toCharArray();

    @BeforeAll
    static void noHooksInRegressionMode() {
        FuzzContract.noHooksInRegressionMode();
    }

    @FuzzTest(maxDuration = "5m")
    void readNeverThrowsAnythingButCertwizException(byte[] data) {
        // Half the inputs with the seeds' PFX password, half without, so both PKCS#12 paths are reached.
        char[] password = data.length > 0 && (data[data.length - 1] & 1) == 0 ? PASSWORD : null;
        try {
            CertificateBundle bundle = CertificateReader.read(data, password);
            if (bundle.certificates().isEmpty()) {
                throw new AssertionError("a bundle without certificates was returned");
            }
        } catch (CertwizException e) {
            FuzzContract.refusal(e);
        }
    }
}
