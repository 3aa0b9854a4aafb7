package io.certwiz.certificate;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.certwiz.CertwizException;
import io.certwiz.testing.FuzzContract;
import io.certwiz.trust.MalformedCertificates;
import io.certwiz.x509.CertificateReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * Feeds arbitrary certificate files to {@code verify} as the API's POST /api/v1/verify reaches it ({@link
 * VerifyService#verifyBytes}, with a trusted root given, so no store is read): the reader, the judge of
 * malformed certificates ({@link MalformedCertificates}), the path validator and the chain analyzer. The
 * answer is a verdict whose problems are one line each, or a one-line {@link CertwizException}; nothing
 * else escapes. {@link MalformedCertificates#first} alone never throws.
 */
class VerifyFuzzTest {
    /** Inside the seeds' validity (they were made in November 2026 for a year). */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2027-01-15T00:00:00Z"), ZoneOffset.UTC);

    private static VerifyService verifier;
    private static VerifyService.Options options;

    @BeforeAll
    static void setUp() {
        FuzzContract.noHooksInRegressionMode();
        // Revocation as verify checks it, without a store or the network (as the x509-limbo harness does).
        verifier = new VerifyService(
                null, null, null, CLOCK, io.certwiz.limbo.LimboHarness.REVOCATION, io.certwiz.revocation.Fetcher.NONE);
        options = VerifyService.Options.trusting(List.of(root()));
    }

    /** The root of the seeds' chains (CN=Fuzz Root). */
    private static X509Certificate root() {
        try (InputStream in = VerifyFuzzTest.class.getResourceAsStream("fuzz-root.pem")) {
            return CertificateReader.read(in.readAllBytes(), null)
                    .certificates()
                    .getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void verifyGivesAVerdictOrACertwizException(byte[] data) {
        MalformedCertificates.first(data).ifPresent(found -> FuzzContract.oneLine("reason", found.reason(), null));
        try {
            VerifyService.Verdict verdict = verifier.verifyBytes(data, "upload", options);
            if (verdict.thumbprint() == null) {
                throw new AssertionError("a verdict without the certificate's thumbprint");
            }
            verdict.problems().forEach(p -> FuzzContract.oneLine("problem " + p.code(), p.message(), null));
            if (!verdict.valid() && verdict.problems().isEmpty()) {
                throw new AssertionError("invalid without a problem");
            }
        } catch (CertwizException e) {
            FuzzContract.refusal(e);
        }
    }
}
