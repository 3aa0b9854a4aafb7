package io.certwiz.inventory;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.testing.FuzzContract;
import io.certwiz.testing.FuzzStores;
import io.certwiz.trust.TrustStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Feeds arbitrary bytes to {@link ImportService#importBytes}, as the API's and the wizard's uploads
 * reach it, over a real store: the file is imported (all of it, in one transaction) or refused with a
 * one-line {@link CertwizException}; nothing else escapes. The last byte picks the options (password,
 * store, assign, exportable), so that PFX seeds open and each store is tried.
 */
class ImportFuzzTest {
    /** Inside the seeds' validity (they were made in November 2026 for a year). */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-15T00:00:00Z"), ZoneOffset.UTC);

    private static Certwiz certwiz;

    @BeforeAll
    static void open() {
        FuzzContract.noHooksInRegressionMode();
        certwiz = FuzzStores.fresh(CLOCK);
    }

    @AfterAll
    static void close() {
        certwiz.close();
    }

    @FuzzTest(maxDuration = "5m")
    void importEndsInAnImportOrACertwizException(byte[] data) {
        int options = data.length == 0 ? 0 : data[data.length - 1] & 0xFF;
        TrustStore store = switch ((options >> 1) & 3) {
            case 1 -> TrustStore.root;
            case 2 -> TrustStore.intermediate;
            case 3 -> TrustStore.personal;
            default -> null;
        };
        ImportService.Options chosen = new ImportService.Options(
                store,
                (options & 1) == 0 ? "fuzz".toCharArray() : null,
                (options & 8) != 0,
                (options & 16) != 0 ? "fuzzed" : null,
                (options & 32) != 0);
        try {
            ImportOutcome outcome = certwiz.imports().importBytes(data, "upload.bin", chosen);
            if (outcome.imported().isEmpty()) {
                throw new AssertionError("an import that imported nothing: " + outcome);
            }
        } catch (CertwizException e) {
            FuzzContract.refusal(e);
        }
    }
}
