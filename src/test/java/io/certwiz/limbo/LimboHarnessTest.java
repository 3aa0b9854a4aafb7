package io.certwiz.limbo;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.limbo.LimboHarness.Actual;
import io.certwiz.limbo.LimboHarness.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The harness's mapping and bookkeeping, without the suite. */
class LimboHarnessTest {
    static LimboCase testCase(String id, String expected, List<String> features, String kind, LimboCase.PeerName name) {
        return new LimboCase(
                id, features, "", kind, List.of(), List.of(), "", null, List.of(), List.of(), List.of(), expected, name,
                List.of(), null, List.of());
    }

    @Test
    void verdictsCompareTheActualWithTheExpectedResult() {
        LimboCase good = testCase("a::good", "SUCCESS", List.of(), "SERVER", null);
        LimboCase bad = testCase("a::bad", "FAILURE", List.of(), "SERVER", null);

        assertThat(LimboHarness.classify(good, Actual.SUCCESS)).isEqualTo(Verdict.CORRECT_ACCEPT);
        assertThat(LimboHarness.classify(good, Actual.FAILURE)).isEqualTo(Verdict.WRONG_REJECT);
        assertThat(LimboHarness.classify(bad, Actual.SUCCESS)).isEqualTo(Verdict.WRONG_ACCEPT);
        assertThat(LimboHarness.classify(bad, Actual.FAILURE)).isEqualTo(Verdict.CORRECT_REJECT);
        assertThat(LimboScore.verdict("FAILURE", "HANG")).isEqualTo(Verdict.SKIPPED);
        assertThat(LimboScore.ZERO
                        .plus(Verdict.WRONG_ACCEPT)
                        .plus(Verdict.CORRECT_REJECT)
                        .line())
                .isEqualTo("1 / 1 / 0 / 0");
    }

    @Test
    void unsupportedFeaturesAreSkippedWithAReason() {
        // CRL cases run since issue 11 (verify --crl).
        assertThat(LimboHarness.skipReason(testCase("crl::x", "FAILURE", List.of("has-crl"), "SERVER", null)))
                .isNull();
        assertThat(LimboHarness.skipReason(testCase(
                        "x", "FAILURE", List.of(), "SERVER", new LimboCase.PeerName("RFC822", "a@example.com"))))
                .contains("RFC822");
        assertThat(LimboHarness.skipReason(testCase("x", "FAILURE", List.of("pedantic-webpki-eku"), "SERVER", null)))
                .isNull();
    }

    @Test
    void aCertificateTheReaderRefusesIsARejection() {
        LimboCase garbage = testCase("x", "FAILURE", List.of(), "SERVER", new LimboCase.PeerName("DNS", "example.com"));
        LimboCase withPem = new LimboCase(
                garbage.id(),
                List.of(),
                "",
                "SERVER",
                List.of(),
                List.of(),
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                null,
                List.of(),
                List.of(),
                List.of(),
                "FAILURE",
                garbage.expectedPeerName(),
                List.of(),
                null,
                List.of());

        LimboHarness.Outcome outcome = new LimboHarness(java.time.Instant.now()).run(withPem);

        assertThat(outcome.actual()).isEqualTo(Actual.FAILURE);
        assertThat(outcome.context()).contains("refused by the reader");
    }
}
