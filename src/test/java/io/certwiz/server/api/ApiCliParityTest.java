package io.certwiz.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.TestServer;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import io.certwiz.usage.Usage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API mirrors the CLI: the same operation on the same store gives the same JSON, and the same
 * failure gives the same message, problems and exit code (as problem+json with the matching status).
 */
class ApiCliParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static TestServer server;
    static Api api;
    static Cli cli;
    static String assigned;
    static String outsideLeaf;
    static CertFactory.Issued outsideRoot;
    static CertFactory.Issued outsideIntermediate;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        api = new Api(server);
        cli = new Cli(server.dataDir());
        assigned = server.request(List.of(Usage.WebServicesInternal), true, false);
        // A certificate with its key from a CA this server does not trust.
        CertFactory.Issued root = CertFactory.root("outside root");
        CertFactory.Issued intermediate = CertFactory.intermediate("outside issuing CA", root);
        outsideRoot = root;
        outsideIntermediate = intermediate;
        CertFactory.Issued leaf = CertFactory.leaf(intermediate, List.of(TestServer.FQDN));
        Path pfx = CertFactory.write(
                dir.resolve("outside.pfx"),
                CertFactory.pfx(leaf.key(), "pw".toCharArray(), leaf.certificate(), intermediate.certificate()));
        Path password = Cli.writeString(dir.resolve("pw.txt"), "pw\n");
        JsonNode imported = cli.run("import", pfx.toString(), "--password-file", password.toString(), "--json")
                .ok()
                .json();
        outsideLeaf = io.certwiz.x509.Thumbprint.of(leaf.certificate()).hex();
        assertThat(imported.toString()).contains(outsideLeaf);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static JsonNode tree(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** The CLI's --json error and the API's problem+json say the same thing, each in its own words. */
    static void sameFailure(Cli.Result cliResult, HttpResponse<String> apiResult, int exitCode, int status)
            throws Exception {
        cliResult.fails(exitCode);
        JsonNode cliError = cliResult.json().path("error");
        assertThat(apiResult.statusCode()).as(apiResult.body()).isEqualTo(status);
        assertThat(apiResult.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = Api.json(apiResult);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText())
                .isEqualTo(cliError.path("kind").asText());
        assertThat(problem.path("exitCode").asInt())
                .isEqualTo(exitCode)
                .isEqualTo(cliError.path("exitCode").asInt());
        // The same message, each face naming its own means (the CLI's flags, the API's fields: ApiWording).
        assertThat(problem.path("detail").asText())
                .isEqualTo(ApiWording.text(cliError.path("message").asText()));
        JsonNode expected = cliError.path("problems").deepCopy();
        expected.forEach(p -> {
            for (String field : List.of("message", "fix")) {
                if (p.path(field).isTextual()) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) p)
                            .put(field, ApiWording.text(p.path(field).asText()));
                }
            }
        });
        assertThat(problem.path("problems")).isEqualTo(expected);
        assertThat(problem.path("type").asText()).startsWith("urn:certwiz:problem:");
    }

    static List<String> codes(JsonNode problems) {
        List<String> out = new ArrayList<>();
        problems.forEach(p -> out.add(p.path("code").asText()));
        return out;
    }

    @Test
    void assignWithAnUntrustedChainIsRefusedTheSameWay() throws Exception {
        Cli.Result viaCli = cli.run("assign", outsideLeaf, "--usage", "WebServicesInternal", "--json");
        HttpResponse<String> viaApi = api.post(
                "/api/v1/assignments", "{\"thumbprint\":\"" + outsideLeaf + "\",\"usages\":[\"WebServicesInternal\"]}");
        sameFailure(viaCli, viaApi, 3, 422);
        List<String> codes = codes(Api.json(viaApi).path("problems"));
        assertThat(codes)
                .isNotEmpty()
                .isEqualTo(codes(viaCli.json().path("error").path("problems")));
        assertThat(String.join(",", codes)).containsAnyOf("CA_NOT_FOUND", "UNTRUSTED", "ROOT", "ISSUER", "CHAIN");
        // Nothing was assigned either way.
        assertThat(tree(cli.run("usages", "--json").ok().out()).toString()).doesNotContain(outsideLeaf);
    }

    @Test
    void unknownUsageAndUnknownThumbprint() throws Exception {
        sameFailure(
                cli.run("assign", assigned, "--usage", "NoSuchUsage", "--json"),
                api.post("/api/v1/assignments", "{\"thumbprint\":\"" + assigned + "\",\"usages\":[\"NoSuchUsage\"]}"),
                2,
                400);
        String unknown = "00".repeat(20);
        sameFailure(
                cli.run("assign", unknown, "--usage", "WebServicesInternal", "--json"),
                api.post(
                        "/api/v1/assignments",
                        "{\"thumbprint\":\"" + unknown + "\",\"usages\":[\"WebServicesInternal\"]}"),
                4,
                404);
        sameFailure(cli.run("show", unknown, "--json"), api.get("/api/v1/certificates/" + unknown), 4, 404);
        sameFailure(cli.run("remove", unknown, "--json"), api.delete("/api/v1/certificates/" + unknown), 4, 404);
        sameFailure(cli.run("show", "not-a-thing", "--json"), api.get("/api/v1/certificates/not-a-thing"), 2, 400);
        sameFailure(cli.run("requests", "--clear", "999", "--json"), api.delete("/api/v1/requests/999"), 4, 404);
        sameFailure(
                cli.run("unassign", "--usage", "OAuthTokenIssuer", "--json"),
                api.delete("/api/v1/assignments/OAuthTokenIssuer"),
                4,
                404);
        sameFailure(
                cli.run("list", "--store", "nowhere", "--json"), api.get("/api/v1/certificates?store=nowhere"), 2, 400);
        // Removing an assigned certificate is refused the same way.
        sameFailure(cli.run("remove", assigned, "--json"), api.delete("/api/v1/certificates/" + assigned), 3, 422);
    }

    @Test
    void readsGiveTheSameJson() throws Exception {
        assertThat(Api.json(api.get("/api/v1/usages")))
                .isEqualTo(tree(cli.run("usages", "--json").ok().out()));
        assertThat(Api.json(api.get("/api/v1/certificates")))
                .isEqualTo(tree(cli.run("list", "--json").ok().out()));
        assertThat(Api.json(api.get("/api/v1/certificates?store=root")))
                .isEqualTo(
                        tree(cli.run("list", "--store", "root", "--json").ok().out()));
        assertThat(Api.json(api.get("/api/v1/certificates/" + assigned)))
                .isEqualTo(tree(cli.run("show", assigned, "--json").ok().out()));
        assertThat(Api.json(api.get("/api/v1/certificates/WebServicesInternal?pem=true")))
                .isEqualTo(tree(cli.run("show", "WebServicesInternal", "--pem", "--json")
                        .ok()
                        .out()));
        HttpResponse<String> verify = api.post("/api/v1/verify", "{\"thumbprint\":\"" + assigned + "\"}");
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat(Api.json(verify))
                .isEqualTo(tree(cli.run("verify", assigned, "--json").ok().out()));
        HttpResponse<String> untrusted = api.post("/api/v1/verify", "{\"thumbprint\":\"" + outsideLeaf + "\"}");
        assertThat(Api.json(untrusted))
                .isEqualTo(tree(cli.run("verify", outsideLeaf, "--json").exit(3).out()));
        assertThat(Api.json(untrusted).path("valid").asBoolean()).isFalse();
        // --trusted and --untrusted files are PEM text in the API.
        Path rootFile = CertFactory.writePem(dir.resolve("outside-root.pem"), outsideRoot.certificate());
        Path intermediateFile = CertFactory.writePem(dir.resolve("outside-ca.pem"), outsideIntermediate.certificate());
        HttpResponse<String> anchored = api.post(
                "/api/v1/verify",
                Api.json(java.util.Map.of(
                        "thumbprint",
                        outsideLeaf,
                        "trusted",
                        List.of(Files.readString(rootFile)),
                        "untrusted",
                        List.of(Files.readString(intermediateFile)),
                        "usage",
                        "WebServicesInternal")));
        assertThat(anchored.statusCode()).as(anchored.body()).isEqualTo(200);
        assertThat(Api.json(anchored))
                .isEqualTo(tree(cli.run(
                                "verify",
                                outsideLeaf,
                                "--trusted",
                                rootFile.toString(),
                                "--untrusted",
                                intermediateFile.toString(),
                                "--usage",
                                "WebServicesInternal",
                                "--json")
                        .ok()
                        .out()));
        assertThat(Api.json(anchored).path("valid").asBoolean()).isTrue();
    }

    @Test
    void offlineRequestsAndTheirCsr() throws Exception {
        HttpResponse<String> offline = api.post(
                "/api/v1/requests",
                "{\"usages\":[\"WebServicesExternal\"],\"key\":\"ec-p256\",\"offline\":true,\"friendlyName\":\"parity\"}");
        assertThat(offline.statusCode()).as(offline.body()).isEqualTo(201);
        long id = Api.json(offline).path("requestId").asLong();
        assertThat(Api.json(api.get("/api/v1/requests")))
                .isEqualTo(tree(cli.run("requests", "--json").ok().out()));
        HttpResponse<String> csr = api.get("/api/v1/requests/" + id + "/csr");
        assertThat(csr.statusCode()).isEqualTo(200);
        assertThat(csr.body()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(Api.json(api.get("/api/v1/requests/" + id)).path("csr").asText())
                .isEqualTo(csr.body());
        HttpResponse<String> cleared = api.delete("/api/v1/requests/" + id);
        assertThat(cleared.statusCode()).isEqualTo(200);
        assertThat(Api.json(api.get("/api/v1/requests"))).isEmpty();
    }

    @Test
    void exportGivesTheSameFile() throws Exception {
        Path file = dir.resolve("cli-export.pem");
        JsonNode cliResult = tree(cli.run("export", assigned, "--out", file.toString(), "--chain", "--json")
                .ok()
                .out());
        HttpResponse<String> viaApi =
                api.post("/api/v1/certificates/" + assigned + "/export", "{\"format\":\"pem\",\"chain\":true}");
        assertThat(viaApi.statusCode()).as(viaApi.body()).isEqualTo(200);
        JsonNode exported = Api.json(viaApi);
        assertThat(new String(Base64.getDecoder()
                        .decode(exported.path("contentBase64").asText())))
                .isEqualTo(Files.readString(file));
        assertThat(exported.path("certificates").asInt())
                .isEqualTo(cliResult.path("certificates").asInt());
        // A key that is not exportable stays here, with the same refusal.
        Path pw = Cli.writeString(dir.resolve("export-pw.txt"), "secret\n");
        sameFailure(
                cli.run(
                        "export",
                        assigned,
                        "--out",
                        dir.resolve("k.pfx").toString(),
                        "--format",
                        "pfx",
                        "--with-key",
                        "--password-file",
                        pw.toString(),
                        "--json"),
                api.post(
                        "/api/v1/certificates/" + assigned + "/export",
                        "{\"format\":\"pfx\",\"withKey\":true,\"password\":\"secret\"}"),
                3,
                422);
    }

    @Test
    void assignAndUnassignGiveTheSameRows() throws Exception {
        String other = server.request(List.of(Usage.WebServicesExternal), false, false);
        HttpResponse<String> assign = api.post(
                "/api/v1/assignments", "{\"thumbprint\":\"" + other + "\",\"usages\":[\"WebServicesExternal\"]}");
        assertThat(assign.statusCode()).as(assign.body()).isEqualTo(201);
        JsonNode viaApi = Api.json(assign).get(0);
        JsonNode viaCli = tree(cli.run("assign", other, "--usage", "WebServicesExternal", "--json")
                        .ok()
                        .out())
                .get(0);
        assertThat(viaApi.path("usage")).isEqualTo(viaCli.path("usage"));
        assertThat(viaApi.path("thumbprint")).isEqualTo(viaCli.path("thumbprint"));
        assertThat(viaApi.has("assignedAt") && viaCli.has("assignedAt")).isTrue();
        HttpResponse<String> unassign = api.delete("/api/v1/assignments/WebServicesExternal");
        assertThat(unassign.statusCode()).as(unassign.body()).isEqualTo(200);
        assertThat(Api.json(unassign).toString())
                .isEqualTo("[{\"usage\":\"WebServicesExternal\",\"thumbprint\":\"" + other + "\"}]");
        cli.run("assign", other, "--usage", "WebServicesExternal").ok();
        assertThat(tree(cli.run("unassign", "--usage", "WebServicesExternal", "--json")
                        .ok()
                        .out()))
                .isEqualTo(Api.json(unassign));
    }

    @Test
    void malformedBodiesAreBadUsage() {
        for (String body : List.of("", "[]", "{\"thumbprint\":", "{\"usages\":\"Default\"}", "null")) {
            HttpResponse<String> response = api.post("/api/v1/assignments", body);
            assertThat(response.statusCode())
                    .as("body %s: %s", body, response.body())
                    .isEqualTo(400);
            assertThat(Api.json(response).path("exitCode").asInt()).isEqualTo(2);
        }
    }
}
