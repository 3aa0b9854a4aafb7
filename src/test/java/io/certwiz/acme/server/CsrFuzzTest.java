package io.certwiz.acme.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.certwiz.Certwiz;
import io.certwiz.testing.FuzzContract;
import io.certwiz.testing.FuzzStores;
import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
import java.io.IOException;
import java.io.InputStream;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Feeds arbitrary bytes as the DER CSR of an ACME finalize request (the payload's {@code csr}, decoded)
 * to what finalize does with it: {@link CsrCheck#parse}, {@link CsrCheck#check} against an order for
 * a.fuzz.test and b.fuzz.test, and, when the checks pass, the embedded CA's signature. A CSR is refused
 * with an {@link AcmeProblem} (a problem type and a one-line detail) or signed; nothing else escapes.
 */
class CsrFuzzTest {
    private static final List<String> IDENTIFIERS = List.of("a." + FuzzStores.DOMAIN, "b." + FuzzStores.DOMAIN);
    private static final IssuancePolicy POLICY = new IssuancePolicy(
            List.of(new PolicyEntry("." + FuzzStores.DOMAIN, true, Instant.EPOCH)),
            false,
            90,
            EnumSet.allOf(KeyType.class),
            false);

    private static Certwiz certwiz;
    private static JWK accountKey;

    @BeforeAll
    static void open() throws Exception {
        FuzzContract.noHooksInRegressionMode();
        certwiz = FuzzStores.fresh(Clock.systemUTC());
        accountKey = new ECKeyGenerator(Curve.P_256).generate().toPublicJWK();
    }

    @AfterAll
    static void close() {
        certwiz.close();
    }

    @Test
    void theEcSeedIsSigned() throws Exception {
        JcaPKCS10CertificationRequest csr = CsrCheck.parse(seed("ec-p256.der"));
        CsrCheck.check(csr, IDENTIFIERS, accountKey, POLICY);
        X509Certificate leaf = certwiz.embeddedCa().sign(csr, List.of(Usage.WebServicesExternal), POLICY.lifetime());
        assertThat(leaf.getSubjectAlternativeNames()).hasSize(2);
    }

    @Test
    void aSequenceThatIsNoRequestIsABadCsr() {
        for (byte[] der : List.of(new byte[0], new byte[] {0x30, 0}, new byte[] {0x05, 0})) {
            assertThatThrownBy(() -> CsrCheck.parse(der))
                    .isInstanceOfSatisfying(
                            AcmeProblem.class, p -> assertThat(p.type()).isEqualTo(ProblemType.BAD_CSR));
        }
    }

    private static byte[] seed(String name) throws IOException {
        try (InputStream in = CsrFuzzTest.class.getResourceAsStream(
                "CsrFuzzTestInputs/finalizeRefusesWithAnAcmeProblemOrSigns/" + name)) {
            return in.readAllBytes();
        }
    }

    @FuzzTest(maxDuration = "5m")
    void finalizeRefusesWithAnAcmeProblemOrSigns(byte[] der) {
        try {
            JcaPKCS10CertificationRequest csr = CsrCheck.parse(der);
            CsrCheck.check(csr, IDENTIFIERS, accountKey, POLICY);
            if (certwiz.embeddedCa().sign(csr, List.of(Usage.WebServicesExternal), POLICY.lifetime()) == null) {
                throw new AssertionError("no certificate");
            }
        } catch (AcmeProblem problem) {
            AcmeProblems.check(problem);
        }
    }
}
