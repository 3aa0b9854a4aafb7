package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command's {@code --json} output has the shape docs/json.md documents, and nothing else on stdout. */
class JsonOutputTest {
    private static final String[] CERTIFICATE_FIELDS = {
        "thumbprint",
        "sha256",
        "subject",
        "issuer",
        "serialNumber",
        "notBefore",
        "notAfter",
        "sans",
        "store",
        "hasPrivateKey",
        "chain",
        "assignedUsages"
    };

    @TempDir
    Path temp;

    Cli cli;
    JsonNode init;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        init = cli.init("--json").json();
    }

    private static List<String> fields(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    static void assertCertificate(JsonNode certificate) {
        assertThat(fields(certificate)).contains(CERTIFICATE_FIELDS);
        assertThat(certificate.path("thumbprint").asText()).matches("[0-9A-F]{40}");
        assertThat(certificate.path("sha256").asText()).matches("[0-9A-F]{64}");
        assertThat(certificate.path("notBefore").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(certificate.path("sans").isArray()).isTrue();
        assertThat(certificate.path("assignedUsages").isArray()).isTrue();
        JsonNode chain = certificate.path("chain");
        assertThat(fields(chain)).containsExactly("trusted", "elements", "problems");
        assertThat(chain.path("trusted").isBoolean()).isTrue();
        for (JsonNode element : chain.path("elements")) {
            assertThat(fields(element))
                    .containsExactly("thumbprint", "subject", "keyIdentifier", "role", "store", "status");
        }
        for (JsonNode problem : chain.path("problems")) {
            assertThat(fields(problem)).containsExactly("code", "message", "fix");
        }
    }

    @Test
    void initAndRequest() {
        assertThat(fields(init))
                .contains("dataDirectory", "identity", "rootThumbprint", "intermediateThumbprint", "embeddedCaTrusted");
        assertThat(fields(init.path("identity")))
                .containsExactly("fqdn", "poolFqdn", "webInternalFqdn", "webExternalFqdn", "sipDomains");

        JsonNode outcome = cli.run("request", "--usage", "Default", "--key", "ec-p256", "--json")
                .ok()
                .json();
        assertThat(fields(outcome))
                .containsExactly(
                        "certificate", "requestedUsages", "assignedUsages", "assignRequested", "assignmentProblems");
        assertCertificate(outcome.path("certificate"));

        JsonNode offline = cli.run(
                        "request",
                        "--usage",
                        "Default",
                        "--key",
                        "ec-p256",
                        "--offline",
                        "--out",
                        temp.resolve("r.csr").toString(),
                        "--json")
                .ok()
                .json();
        assertThat(fields(offline)).contains("requestId", "file", "subject", "sans", "usages");
        JsonNode requests = cli.run("requests", "--json").ok().json();
        assertThat(requests.isArray()).isTrue();
        assertThat(fields(requests.get(0))).containsExactly("id", "createdAt", "usages", "friendlyName", "ca", "csr");
        assertThat(fields(
                        cli.run("requests", "--clear", offline.path("requestId").asText(), "--json")
                                .ok()
                                .json()))
                .containsExactly("id", "createdAt", "usages", "friendlyName", "ca", "csr");
    }

    @Test
    void listShowUsagesAssignUnassignExportRemoveImportVerify() {
        String leaf = cli.request("Default", "--no-assign", "--exportable");

        JsonNode list = cli.run("list", "--json").ok().json();
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(3);
        list.forEach(JsonOutputTest::assertCertificate);

        JsonNode show = cli.run("show", leaf, "--pem", "--json").ok().json();
        assertCertificate(show);
        assertThat(fields(show)).contains("details", "pem", "exportable");
        assertThat(fields(show.path("details")))
                .containsExactly(
                        "version",
                        "serialNumber",
                        "signatureAlgorithm",
                        "issuer",
                        "subject",
                        "notBefore",
                        "notAfter",
                        "publicKeyAlgorithm",
                        "publicKeyBits",
                        "sans",
                        "keyUsage",
                        "extendedKeyUsage",
                        "basicConstraints",
                        "subjectKeyIdentifier",
                        "authorityKeyIdentifier",
                        "authorityInfoAccess",
                        "crlDistributionPoints",
                        "policies",
                        "thumbprint",
                        "sha256");

        JsonNode assigned =
                cli.run("assign", leaf, "--usage", "Default", "--json").ok().json();
        assertThat(fields(assigned.get(0)))
                .containsExactly("usage", "thumbprint", "assignedAt", "previousThumbprint", "revocation");

        JsonNode usages = cli.run("usages", "--json").ok().json();
        assertThat(usages).hasSize(4);
        assertThat(fields(usages.get(0)))
                .containsExactly("usage", "label", "thumbprint", "subject", "notAfter", "state", "assignedAt");
        assertThat(fields(usages.get(1))).containsExactly("usage", "label", "state");

        JsonNode verify = cli.run("verify", leaf, "--json").ok().json();
        assertThat(fields(verify))
                .containsExactly("valid", "thumbprint", "chain", "problems", "chainTrusted", "warnings", "revocation");
        assertThat(fields(verify.path("revocation")))
                .containsExactly("policy", "status", "source", "when", "message", "certificates");

        JsonNode unassigned =
                cli.run("unassign", "--usage", "Default", "--json").ok().json();
        assertThat(fields(unassigned.get(0))).containsExactly("usage", "thumbprint");

        JsonNode exported = cli.run(
                        "export", leaf, "--out", temp.resolve("leaf.pem").toString(), "--json")
                .ok()
                .json();
        assertThat(fields(exported)).containsExactly("thumbprint", "file", "format", "certificates", "privateKey");

        JsonNode removed = cli.run("remove", leaf, "--json").ok().json();
        assertCertificate(removed);

        JsonNode imported = cli.run("import", temp.resolve("leaf.pem").toString(), "--store", "personal", "--json")
                .ok()
                .json();
        assertThat(fields(imported)).containsExactly("imported");
        assertThat(fields(imported.path("imported").get(0)))
                .containsExactly("thumbprint", "subject", "store", "privateKey", "note");
    }

    @Test
    void failureWithJsonPrintsTheErrorObjectOnStdout() {
        Cli.Result notFound = cli.run("show", "ab".repeat(20), "--json").fails(4);
        JsonNode error = notFound.json().path("error");
        assertThat(fields(notFound.json())).containsExactly("error");
        assertThat(fields(error)).containsExactly("kind", "exitCode", "message", "problems");
        assertThat(error.path("kind").asText()).isEqualTo("NOT_FOUND");
        assertThat(error.path("exitCode").asInt()).isEqualTo(4);
        assertThat(error.path("message").asText()).contains("no certificate");
        assertThat(error.path("problems")).isEmpty();

        JsonNode badUsage =
                cli.run("request", "--usage", "Nope", "--json").fails(2).json().path("error");
        assertThat(badUsage.path("kind").asText()).isEqualTo("BAD_USAGE");

        String web = cli.request("WebServicesInternal", "--no-assign");
        JsonNode refused = cli.run("assign", web, "--usage", "WebServicesExternal", "--json")
                .fails(3)
                .json()
                .path("error");
        assertThat(refused.path("kind").asText()).isEqualTo("REFUSED");
        assertThat(refused.path("problems")).isNotEmpty();
        assertThat(fields(refused.path("problems").get(0))).containsExactly("code", "message", "fix");

        JsonNode error1 = cli.run("import", cli.database().toString(), "--json")
                .fails(1)
                .json()
                .path("error");
        assertThat(error1.path("kind").asText()).isEqualTo("ERROR");
    }

    @Test
    void optionErrorsWithJsonPrintTheErrorObjectToo() {
        Cli.Result missing = cli.run("assign", "ab".repeat(20), "--json").exit(2);

        assertThat(missing.json().path("error").path("kind").asText()).isEqualTo("BAD_USAGE");
        assertThat(missing.json().path("error").path("message").asText()).contains("--usage");
        Cli.Result unknown = cli.run("list", "--bogus", "--json").exit(2);
        assertThat(unknown.json().path("error").path("exitCode").asInt()).isEqualTo(2);
    }

    @Test
    void requestRefusedByTheChainIsTheOutcomeNotAnError() {
        Cli other = new Cli(temp.resolve("untrusted"));
        other.init("--no-trust-embedded-ca");

        JsonNode outcome = other.run("request", "--usage", "Default", "--key", "ec-p256", "--json")
                .exit(3)
                .json();

        assertThat(fields(outcome)).contains("certificate", "assignmentProblems");
        assertThat(outcome.path("assignRequested").asBoolean()).isTrue();
        assertThat(outcome.path("assignmentProblems")).isNotEmpty();
        assertCertificate(outcome.path("certificate"));
    }
}
