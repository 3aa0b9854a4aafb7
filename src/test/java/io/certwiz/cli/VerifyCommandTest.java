package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.CertFactory.Issued;
import io.certwiz.testing.Cli;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz verify}: against the stores, and against files only with --trusted. */
class VerifyCommandTest {
    @TempDir
    Path temp;

    Cli cli;
    Issued root;
    Issued issuing;
    Issued leaf;
    Path rootFile;
    Path issuingFile;
    Path leafFile;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        root = CertFactory.root("Verify Root");
        issuing = CertFactory.intermediate("Verify Issuing", root);
        leaf = CertFactory.leaf(issuing, List.of("app.example.com", "*.apps.example.com"));
        rootFile = CertFactory.writePem(temp.resolve("root.pem"), root.certificate());
        issuingFile = CertFactory.writePem(temp.resolve("issuing.pem"), issuing.certificate());
        leafFile = CertFactory.writePem(temp.resolve("leaf.pem"), leaf.certificate());
    }

    private JsonNode verify(int exitCode, String... args) {
        String[] withJson = Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        return cli.run("verify", withJson).exit(exitCode).json();
    }

    private static List<String> codes(JsonNode verdict) {
        return verdict.path("problems").findValuesAsText("code");
    }

    @Test
    void storedCertificateIsValidAgainstTheStores() {
        cli.init();
        String thumbprint = cli.request("Default");

        JsonNode verdict = verify(0, thumbprint);

        assertThat(verdict.path("valid").asBoolean()).isTrue();
        assertThat(verdict.path("thumbprint").asText()).isEqualTo(thumbprint);
        assertThat(verdict.path("problems")).isEmpty();
        assertThat(verdict.path("chain").findValuesAsText("role")).containsExactly("leaf", "intermediate", "root");
        assertThat(cli.run("verify", thumbprint).ok().out()).startsWith("OK");
        verify(0, thumbprint, "--usage", "Default");
        verify(0, thumbprint, "--dns-name", "SIP." + Cli.SIP_DOMAIN, "--eku", "clientAuth");
    }

    @Test
    void usageNameAndEkuChecks() {
        cli.init();
        String web = cli.request("WebServicesInternal", "--san", "ip:192.0.2.7");

        assertThat(codes(verify(3, web, "--usage", "WebServicesExternal"))).containsExactly("NAME_NOT_COVERED");
        assertThat(codes(verify(3, web, "--usage", "Default"))).contains("EKU_MISSING");
        assertThat(codes(verify(3, web, "--dns-name", "other.example.com"))).containsExactly("NAME_NOT_COVERED");
        assertThat(codes(verify(3, web, "--eku", "clientAuth"))).containsExactly("EKU_MISSING");
        verify(0, web, "--ip", "192.0.2.7");
        assertThat(codes(verify(3, web, "--ip", "192.0.2.8"))).containsExactly("NAME_NOT_COVERED");
        Cli.Result text =
                cli.run("verify", web, "--dns-name", "other.example.com").exit(3);
        assertThat(text.out()).startsWith("FAILED").contains("other.example.com");
    }

    @Test
    void aFailedEkuCheckSaysTheEkuIsMissingNotThatTheTrustedPathIsUntrusted() {
        cli.init();
        String web = cli.request("WebServicesInternal");

        Cli.Result text = cli.run("verify", web, "--eku", "clientAuth").exit(3);
        JsonNode json = verify(3, web, "--eku", "clientAuth");

        assertThat(text.out())
                .contains("Certification path (trusted)")
                .doesNotContain("NOT trusted")
                .contains("clientAuth");
        assertThat(text.out().lines().findFirst().orElseThrow()).contains("path is trusted");
        assertThat(json.path("chainTrusted").asBoolean()).isTrue();
        // A path that does fail still says so: here only another root is trusted.
        String other = io.certwiz.testing.CertFactory.writePem(
                        temp.resolve("other-root.pem"),
                        io.certwiz.testing.CertFactory.root("Other Root").certificate())
                .toString();
        Cli.Result broken = cli.run("verify", web, "--trusted", other).exit(3);
        assertThat(broken.out()).contains("Certification path (NOT trusted)");
        assertThat(verify(3, web, "--trusted", other).path("chainTrusted").asBoolean())
                .isFalse();
    }

    @Test
    void expiredAtTheGivenTime() {
        cli.init();
        String thumbprint = cli.request("Default");

        JsonNode later = verify(
                3, thumbprint, "--at", Instant.now().plus(Duration.ofDays(800)).toString());
        assertThat(codes(later)).contains("EXPIRED");
        verify(0, thumbprint, "--at", Instant.now().plus(Duration.ofDays(30)).toString());
        verify(3, thumbprint, "--at", "2001-01-01T00:00:00+02:00");
        cli.run("verify", thumbprint, "--at", "next tuesday").failsWithOneLine(2);
    }

    @Test
    void filesOnlyWithTrustedAndUntrusted() {
        cli.init();

        JsonNode good = verify(
                0,
                leafFile.toString(),
                "--trusted",
                rootFile.toString(),
                "--untrusted",
                issuingFile.toString(),
                "--dns-name",
                "x.apps.example.com");
        assertThat(good.path("chain").findValuesAsText("subject"))
                .anySatisfy(s -> assertThat(s).contains("Verify Root"));

        JsonNode missing = verify(3, leafFile.toString(), "--trusted", rootFile.toString());
        assertThat(codes(missing)).contains("CA_NOT_FOUND");
        assertThat(missing.path("problems").get(0).path("message").asText()).contains("Verify Issuing");

        Path otherRoot = CertFactory.writePem(
                temp.resolve("other.pem"), CertFactory.root("Verify Root").certificate());
        verify(3, leafFile.toString(), "--trusted", otherRoot.toString(), "--untrusted", issuingFile.toString());

        // Without --trusted the stores are the anchors, and they do not trust Verify Root.
        verify(3, leafFile.toString(), "--untrusted", issuingFile.toString());
        // A wildcard covers one label only.
        verify(
                3,
                leafFile.toString(),
                "--trusted",
                rootFile.toString(),
                "--untrusted",
                issuingFile.toString(),
                "--dns-name",
                "a.b.apps.example.com");
    }

    @Test
    void chainInTheLeafFileCompletesThePath() {
        Path bundle = CertFactory.writePem(temp.resolve("bundle.pem"), leaf.certificate(), issuing.certificate());

        // No store at all: like openssl verify -CAfile.
        JsonNode verdict = new Cli(temp.resolve("nowhere"))
                .run("verify", bundle.toString(), "--trusted", rootFile.toString(), "--json")
                .ok()
                .json();

        assertThat(verdict.path("valid").asBoolean()).isTrue();
        assertThat(temp.resolve("nowhere")).doesNotExist();
    }

    @Test
    void expiredLeafIsReportedByBoth() {
        Instant now = Instant.now();
        Issued shortLived = CertFactory.leaf(
                issuing, List.of("app.example.com"), now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(10)));
        Path leaf2 = CertFactory.writePem(temp.resolve("leaf2.pem"), shortLived.certificate());
        Cli none = new Cli(temp.resolve("nowhere"));

        none.run("verify", leaf2.toString(), "--trusted", rootFile.toString(), "--untrusted", issuingFile.toString())
                .ok();
        // After the leaf expires, the validator and the chain report both say so.
        JsonNode later = none.run(
                        "verify",
                        leaf2.toString(),
                        "--trusted",
                        rootFile.toString(),
                        "--untrusted",
                        issuingFile.toString(),
                        "--at",
                        now.plus(Duration.ofDays(20)).toString(),
                        "--json")
                .exit(3)
                .json();
        assertThat(codes(later)).contains("EXPIRED");
    }

    @Test
    void errors() {
        Cli none = new Cli(temp.resolve("nowhere"));
        none.run("verify", leafFile.toString()).failsWithOneLine(4);
        none.run("verify", "ab".repeat(20)).failsWithOneLine(4);
        cli.init();
        cli.run("verify", temp.resolve("missing.pem").toString(), "--trusted", rootFile.toString())
                .failsWithOneLine(4);
        cli.run("verify", "ab".repeat(20)).failsWithOneLine(4);
        cli.run(
                        "verify",
                        leafFile.toString(),
                        "--trusted",
                        temp.resolve("missing-root.pem").toString())
                .failsWithOneLine(4);
        cli.run("verify", leafFile.toString(), "--eku", "mail").failsWithOneLine(2);
        cli.run("verify", leafFile.toString(), "--usage", "Mail").failsWithOneLine(2);
        Path garbage = Cli.writeString(
                temp.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\n@@\n-----END CERTIFICATE-----\n");
        cli.run("verify", garbage.toString()).failsWithOneLine(1);
    }

    @Test
    void aNameToCheckThatIsNoNameIsBadUsage() {
        for (String[] bad : new String[][] {
            {"--ip", "999.1.1.1"},
            {"--ip", "::1::"},
            {"--ip", "app.example.com"},
            {"--dns-name", ""},
            {"--dns-name", " "}
        }) {
            String err = cli.run("verify", leafFile.toString(), "--trusted", rootFile.toString(), bad[0], bad[1])
                    .failsWithOneLine(2)
                    .err();
            assertThat(err).contains(bad[0]);
        }
        // Well-formed names still reach the check.
        String[] path = {leafFile.toString(), "--trusted", rootFile.toString(), "--untrusted", issuingFile.toString()};
        cli.run("verify", concat(path, "--ip", "10.0.0.1")).exit(3);
        cli.run("verify", concat(path, "--dns-name", "app.example.com")).ok();
    }

    private static String[] concat(String[] first, String... more) {
        String[] all = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, all, first.length, more.length);
        return all;
    }
}
