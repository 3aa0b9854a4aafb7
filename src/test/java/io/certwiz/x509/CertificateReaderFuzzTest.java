package io.certwiz.x509;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certwiz.CertwizException;
import java.util.List;
import java.util.Locale;
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

    /**
     * In regression mode (a normal build) Jazzer's hooks are of no use but cost seconds and stay in the
     * test JVM, instrumenting every class the later tests load: switch them off unless fuzzing. This
     * runs before Jazzer configures its agent, which it does when the first fuzz input is provided.
     */
    @BeforeAll
    static void noHooksInRegressionMode() {
        String fuzz = System.getenv("JAZZER_FUZZ");
        boolean fuzzing = fuzz != null && List.of("1", "true", "yes").contains(fuzz.toLowerCase(Locale.ROOT));
        if (!fuzzing && System.getProperty("jazzer.hooks") == null) {
            System.setProperty("jazzer.hooks", "false");
        }
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
            String message = e.getMessage();
            if (message == null || message.isBlank() || message.contains("\n") || message.contains("\r")) {
                throw new AssertionError("not a one-line message: " + message, e);
            }
        }
    }
}
