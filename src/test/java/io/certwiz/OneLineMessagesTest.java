package io.certwiz;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.certificate.VerifyService;
import io.certwiz.x509.CertificateReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Messages are one line whatever the input holds (found by VerifyFuzzTest: a CA name with a carriage return). */
class OneLineMessagesTest {
    @Test
    void lineBreaksAreShownEscaped() {
        assertThat(Problem.oneLine("a\nb\r\nc\u2028d\u0085e")).isEqualTo("a\\nb\\r\\nc\\u2028d\\u0085e");
        assertThat(Problem.oneLine("plain, with a \t tab")).isEqualTo("plain, with a \t tab");
        assertThat(Problem.oneLine(null)).isNull();
    }

    @Test
    void problemsAndExceptionsAreOneLine() {
        assertThat(new Problem("X", "first\nsecond", "do\rthis").line()).isEqualTo("first\\nsecond; fix: do\\rthis");
        assertThat(CertwizException.refused("CN=evil\n certwiz: all good").getMessage())
                .isEqualTo("CN=evil\\n certwiz: all good");
    }

    @Test
    void aMissingCaWhoseNameHoldsACarriageReturnIsReportedOnOneLine() throws IOException {
        byte[] leaf = resource("certificate/VerifyFuzzTestInputs/verifyGivesAVerdictOrACertwizException/"
                + "found-issuer-name-with-carriage-return.der");
        byte[] root = resource("certificate/fuzz-root.pem");
        VerifyService verifier = new VerifyService(
                null,
                null,
                null,
                Clock.fixed(Instant.parse("2027-01-15T00:00:00Z"), ZoneOffset.UTC),
                io.certwiz.limbo.LimboHarness.REVOCATION,
                io.certwiz.revocation.Fetcher.NONE);
        VerifyService.Verdict verdict = verifier.verifyBytes(
                leaf,
                null,
                VerifyService.Options.trusting(
                        CertificateReader.read(root, null).certificates()));
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.problems())
                .anySatisfy(p -> assertThat(p.message()).contains("CN=Fuz\\r Root"))
                .allSatisfy(p -> assertThat(p.message()).doesNotContain("\r", "\n"));
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = OneLineMessagesTest.class.getResourceAsStream("/io/certwiz/" + path)) {
            return in.readAllBytes();
        }
    }
}
