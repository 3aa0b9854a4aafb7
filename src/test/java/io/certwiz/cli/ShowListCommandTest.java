package io.certwiz.cli;

import static io.certwiz.cli.RequestCommandTest.each;
import static io.certwiz.cli.RequestCommandTest.texts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz show} and {@code certwiz list}. */
class ShowListCommandTest {
    @TempDir
    Path temp;

    Cli cli;
    String root;
    String intermediate;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        JsonNode init = cli.init("--json").json();
        root = init.path("rootThumbprint").asText();
        intermediate = init.path("intermediateThumbprint").asText();
    }

    /** "4B:F2:c7 ..." as a person might paste it from another tool. */
    private static String colonLowercase(String thumbprint) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < thumbprint.length(); i += 2) {
            if (i > 0) {
                out.append(i % 8 == 0 ? " " : ":");
            }
            out.append(thumbprint, i, i + 2);
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    @Test
    void thumbprintIsMatchedCaseInsensitivelyIgnoringSpacesAndColons() {
        String thumbprint = cli.request("Default");

        String typed = colonLowercase(thumbprint);
        assertThat(typed).contains(":").contains(" ").isNotEqualTo(thumbprint);
        JsonNode view = cli.run("show", typed, "--json").ok().json();

        assertThat(view.path("thumbprint").asText()).isEqualTo(thumbprint);
        assertThat(cli.run("show", thumbprint.toLowerCase(Locale.ROOT)).ok().out())
                .contains("Certificate " + thumbprint);
        assertThat(cli.run("export", typed, "--out", temp.resolve("x.pem").toString())
                        .ok()
                        .out())
                .contains(thumbprint);
    }

    @Test
    void theSha256ThumbprintShowPrintsFindsTheCertificateToo() {
        String thumbprint = cli.request("Default");
        String sha256 =
                cli.run("show", thumbprint, "--json").ok().json().path("sha256").asText();
        assertThat(sha256).matches("[0-9A-F]{64}");

        assertThat(cli.run("show", sha256, "--json")
                        .ok()
                        .json()
                        .path("thumbprint")
                        .asText())
                .isEqualTo(thumbprint);
        assertThat(cli.run("show", colonLowercase(sha256)).ok().out()).contains("Certificate " + thumbprint);
        cli.run("verify", sha256).ok();
        cli.run("export", sha256, "--out", temp.resolve("by-sha256.pem").toString())
                .ok();
        cli.run("show", "ab".repeat(32)).failsWithOneLine(4);
    }

    @Test
    void showHasEverythingTheDetailsPageShows() {
        String thumbprint = cli.request("Default", "--friendly-name", "front end");

        JsonNode view = cli.run("show", thumbprint, "--json").ok().json();
        JsonNode details = view.path("details");

        assertThat(details.path("version").asInt()).isEqualTo(3);
        assertThat(details.path("serialNumber").asText())
                .isEqualTo(view.path("serialNumber").asText())
                .matches("[0-9A-F]+");
        assertThat(details.path("signatureAlgorithm").asText()).isEqualTo("SHA256withECDSA");
        assertThat(details.path("issuer").asText()).contains("certwiz Issuing CA");
        assertThat(details.path("subject").asText()).isEqualTo("CN=" + Cli.POOL);
        assertThat(Instant.parse(details.path("notBefore").asText())).isBefore(Instant.now());
        assertThat(Instant.parse(details.path("notAfter").asText()))
                .isAfter(Instant.now().plus(Duration.ofDays(300)));
        assertThat(details.path("publicKeyAlgorithm").asText()).isEqualTo("EC");
        assertThat(details.path("publicKeyBits").asInt()).isEqualTo(256);
        assertThat(texts(details.path("sans"))).contains("dns:" + Cli.POOL);
        assertThat(texts(details.path("keyUsage"))).contains("digitalSignature");
        assertThat(texts(details.path("extendedKeyUsage"))).contains("serverAuth", "clientAuth");
        assertThat(details.path("basicConstraints").path("ca").asBoolean()).isFalse();
        assertThat(details.path("subjectKeyIdentifier").asText()).isNotEmpty();
        assertThat(details.path("authorityKeyIdentifier").asText()).isNotEmpty();
        // Over plain HTTP, as RFC 5280 clients fetch them (issue 11).
        assertThat(details.path("authorityInfoAccess").get(0).asText()).contains("http://");
        assertThat(details.path("crlDistributionPoints").get(0).asText())
                .startsWith("http://")
                .endsWith("/pki/crl/intermediate.crl");
        assertThat(details.has("policies")).isTrue();
        assertThat(details.path("thumbprint").asText()).isEqualTo(thumbprint);
        assertThat(details.path("sha256").asText()).matches("[0-9A-F]{64}");
        assertThat(view.path("friendlyName").asText()).isEqualTo("front end");
        assertThat(view.path("hasPrivateKey").asBoolean()).isTrue();
        assertThat(view.path("exportable").asBoolean()).isFalse();
        assertThat(texts(view.path("assignedUsages"))).containsExactly("Default");
        JsonNode chain = view.path("chain");
        assertThat(chain.path("trusted").asBoolean()).isTrue();
        assertThat(chain.path("elements").findValuesAsText("role")).containsExactly("leaf", "intermediate", "root");
        assertThat(chain.path("elements").findValuesAsText("status")).containsOnly("Valid");
        assertThat(chain.path("elements").get(2).path("thumbprint").asText()).isEqualTo(root);

        String text = cli.run("show", thumbprint).ok().out();
        assertThat(text)
                .contains("Version:")
                .contains("V3")
                .contains("Signature algorithm:")
                .contains("Public key:")
                .contains("EC (256 bits)")
                .contains("Key usage:")
                .contains("Enhanced key usage:")
                .contains("Basic constraints:")
                .contains("Subject key identifier:")
                .contains("Authority key identifier:")
                .contains("Authority info access:")
                .contains("CRL distribution points:")
                .contains("Certificate policies:")
                .contains("Thumbprint (SHA-1):")
                .contains("SHA-256:")
                .contains("front end")
                .contains("present, not exportable")
                .contains("Certification path (trusted)")
                .contains(root);
    }

    @Test
    void showByUsageAndWithPem() throws Exception {
        String thumbprint = cli.request("WebServicesInternal");

        JsonNode view =
                cli.run("show", "webservicesinternal", "--pem", "--json").ok().json();

        assertThat(view.path("thumbprint").asText()).isEqualTo(thumbprint);
        String pem = view.path("pem").asText();
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----");
        X509Certificate parsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        assertThat(io.certwiz.x509.Thumbprint.of(parsed).hex()).isEqualTo(thumbprint);
        assertThat(cli.run("show", thumbprint, "--pem").ok().out()).contains("-----END CERTIFICATE-----");
    }

    @Test
    void showErrors() {
        cli.run("show", "ab".repeat(20)).failsWithOneLine(4);
        cli.run("show", "Default").failsWithOneLine(4);
        Cli.Result neither = cli.run("show", "not-a-thing").failsWithOneLine(2);
        assertThat(neither.err()).contains("thumbprint").contains("usage");
    }

    @Test
    void showsAChainWithAMissingIntermediate() {
        String thumbprint = cli.request("Default");
        cli.run("remove", intermediate, "--force").ok();

        JsonNode chain = cli.run("show", thumbprint, "--json").ok().json().path("chain");

        assertThat(chain.path("trusted").asBoolean()).isFalse();
        assertThat(chain.path("elements").get(1).path("status").asText()).isEqualTo("Missing");
        assertThat(chain.path("elements").get(1).path("subject").asText()).contains("certwiz Issuing CA");
        assertThat(chain.path("elements").get(1).path("keyIdentifier").asText()).isNotEmpty();
        assertThat(chain.path("problems").findValuesAsText("code")).contains("CA_NOT_FOUND");
        assertThat(cli.run("show", thumbprint).ok().out())
                .contains("NOT trusted")
                .contains("certwiz import");
    }

    @Test
    void listShowsAllStoresOrOne() {
        String leaf = cli.request("Default");

        JsonNode all = cli.run("list", "--json").ok().json();
        assertThat(each(all, "thumbprint")).containsExactlyInAnyOrder(leaf, root, intermediate);
        for (JsonNode certificate : all) {
            assertThat(certificate.fieldNames())
                    .toIterable()
                    .contains(
                            "thumbprint",
                            "sha256",
                            "subject",
                            "issuer",
                            "serialNumber",
                            "notBefore",
                            "notAfter",
                            "sans",
                            "chain",
                            "assignedUsages",
                            "store");
            assertThat(certificate.has("details")).isFalse();
        }
        assertThat(cli.thumbprints("personal")).containsExactly(leaf);
        assertThat(cli.thumbprints("root")).containsExactly(root);
        assertThat(cli.thumbprints("intermediate")).containsExactly(intermediate);

        String text = cli.run("list").ok().out();
        assertThat(text).contains("THUMBPRINT").contains(leaf).contains(root).contains("[Default]");
        cli.run("list", "--store", "trusted").failsWithOneLine(2);
    }

    @Test
    void listExpiringWithin() {
        CertFactory.Issued soon = CertFactory.root(
                "Expires Soon",
                Instant.now().minus(Duration.ofDays(10)),
                Instant.now().plus(Duration.ofDays(5)));
        cli.run(
                        "import",
                        CertFactory.writePem(temp.resolve("soon.pem"), soon.certificate())
                                .toString(),
                        "--store",
                        "root")
                .ok();
        String soonThumbprint =
                io.certwiz.x509.Thumbprint.of(soon.certificate()).hex();

        List<String> within30 =
                each(cli.run("list", "--expiring-within", "30", "--json").ok().json(), "thumbprint");
        List<String> within1 =
                each(cli.run("list", "--expiring-within", "1", "--json").ok().json(), "thumbprint");

        assertThat(within30).containsExactly(soonThumbprint);
        assertThat(within1).isEmpty();
        cli.run("list", "--expiring-within", "-1").failsWithOneLine(2);
        cli.run("list", "--expiring-within", "soon").exit(2);
    }
}
