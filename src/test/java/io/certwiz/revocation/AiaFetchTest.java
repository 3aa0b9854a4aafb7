package io.certwiz.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.certwiz.inventory.ImportOutcome;
import io.certwiz.inventory.ImportService;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.WizardSession;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import io.certwiz.trust.TrustStore;
import io.certwiz.x509.Thumbprint;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Missing intermediates from the AIA caIssuers URL: {@code verify --fetch-aia} completes the path with
 * the fetched intermediate (and stores nothing), a root is never fetched that way, and the wizard's
 * button imports the fetched intermediate into the intermediate store.
 */
class AiaFetchTest {
    @TempDir
    static Path dir;

    static HttpServer http;
    static final Map<String, byte[]> SERVED = new ConcurrentHashMap<>();
    static String base;
    static CertFactory.Issued root;
    static CertFactory.Issued intermediate;
    static CertFactory.Issued leaf;

    @BeforeAll
    static void start() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", exchange -> {
            byte[] body = SERVED.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        http.start();
        base = "http://127.0.0.1:" + http.getAddress().getPort();
        root = RevocationPki.root("AIA Root");
        intermediate = RevocationPki.ca("AIA Intermediate", root, base + "/root.crt");
        leaf = RevocationPki.leafWithCaIssuers(TestServer.FQDN, intermediate, base + "/intermediate.crt");
        SERVED.put("/intermediate.crt", intermediate.certificate().getEncoded());
        SERVED.put("/root.crt", root.certificate().getEncoded());
    }

    @AfterAll
    static void stop() {
        http.stop(0);
    }

    @Test
    void verifyFetchesTheMissingIntermediateButNeverARoot() throws Exception {
        Path leafFile = CertFactory.writePem(dir.resolve("leaf.pem"), leaf.certificate());
        Path rootFile = CertFactory.writePem(dir.resolve("root.pem"), root.certificate());
        Cli none = new Cli(dir.resolve("no-data"));
        none.run("verify", leafFile.toString(), "--trusted", rootFile.toString(), "--revocation", "off")
                .exit(3);
        JsonNode fetched = none.run(
                        "verify",
                        leafFile.toString(),
                        "--trusted",
                        rootFile.toString(),
                        "--fetch-aia",
                        "--revocation",
                        "off",
                        "--json")
                .ok()
                .json();
        assertThat(fetched.path("fetched")).hasSize(1);
        assertThat(fetched.path("fetched").get(0).path("url").asText()).isEqualTo(base + "/intermediate.crt");
        assertThat(fetched.path("fetched").get(0).path("thumbprint").asText())
                .isEqualTo(Thumbprint.of(intermediate.certificate()).hex());

        // The intermediate's own caIssuers points at a root; trusted only in another store, it is not fetched.
        CertFactory.Issued other = RevocationPki.root("Other Root");
        Path otherFile = CertFactory.writePem(dir.resolve("other.pem"), other.certificate());
        Path intermediateFile = CertFactory.writePem(dir.resolve("intermediate.pem"), intermediate.certificate());
        JsonNode refused = none.run(
                        "verify",
                        intermediateFile.toString(),
                        "--trusted",
                        otherFile.toString(),
                        "--fetch-aia",
                        "--revocation",
                        "off",
                        "--json")
                .exit(3)
                .json();
        assertThat(refused.path("fetched")).isEmpty();
        assertThat(refused.path("warnings").findValuesAsText("code")).contains("AIA_ROOT_REFUSED");
    }

    @Test
    void theWizardButtonImportsTheFetchedIntermediate() throws Exception {
        try (TestServer server = TestServer.start(dir.resolve("server"))) {
            ImportService imports = server.certwiz().imports();
            imports.importBytes(
                    CertFactory.pem(root.certificate()).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    "root.pem",
                    new ImportService.Options(TrustStore.root, null, false, null, false));
            char[] password = "pw".toCharArray();
            imports.importBytes(
                    CertFactory.pfx(leaf.key(), password, leaf.certificate()),
                    "leaf.pfx",
                    new ImportService.Options(null, password, false, null, false));
            String thumbprint = Thumbprint.of(leaf.certificate()).hex();

            WizardSession wizard = WizardSession.login(server);
            assertThat(wizard.get("/certificates/" + thumbprint).body()).contains("action=\"/import/fetch-aia\"");
            HttpResponse<String> result = wizard.post("/import/fetch-aia", "thumbprint", thumbprint);
            assertThat(result.statusCode()).as(result.body()).isEqualTo(201);
            assertThat(result.body())
                    .contains(Thumbprint.of(intermediate.certificate()).hex())
                    .contains("fetched from " + base + "/intermediate.crt");
            assertThat(server.certwiz()
                            .certificates()
                            .show(thumbprint, false)
                            .chain()
                            .trusted())
                    .isTrue();
            assertThat(server.certwiz().audit().newest(1).getFirst().operation())
                    .isEqualTo("import");
            // Nothing is missing any more: no button, and asking again is refused.
            assertThat(wizard.get("/certificates/" + thumbprint).body()).doesNotContain("/import/fetch-aia");
            ImportOutcome nothing = null;
            try {
                nothing = imports.fetchIntermediates(new Thumbprint(thumbprint));
            } catch (io.certwiz.CertwizException e) {
                assertThat(e.failure()).isEqualTo(io.certwiz.Failure.REFUSED);
            }
            assertThat(nothing).isNull();
        }
    }
}
