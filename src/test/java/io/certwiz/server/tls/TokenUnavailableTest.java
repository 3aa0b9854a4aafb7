package io.certwiz.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.Certwiz;
import io.certwiz.request.RequestSpec;
import io.certwiz.server.CertwizServer;
import io.certwiz.server.ServeOptions;
import io.certwiz.server.ServerTestAccess;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.store.DataDirectory;
import io.certwiz.testing.Cli;
import io.certwiz.testing.TestTokens;
import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.Thumbprint;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token that cannot be opened when the server starts (its module missing): the listener of the usage
 * whose key is on it presents the temporary certificate and says why (its status, the log, and
 * {@code usages} in the store, so any process's {@code usages} shows it); the other listeners and the API
 * run. Once the token is back, the next load presents the certificate. A new assignment whose token is
 * gone leaves the last good certificate in place.
 */
class TokenUnavailableTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aMissingModuleLeavesTheTemporaryCertificateAndTheRestRuns() throws Exception {
        String onToken;
        String software;
        String admin;
        Path data;
        try (TestServer first = TestServer.start(dir)) {
            data = first.dataDir();
            admin = first.adminToken();
            TestTokens.configure(data, "hsm", TestTokens.LEAF, null);
            onToken = requestOnToken(first.certwiz(), true);
            software = first.request(List.of(Usage.WebServicesExternal), true, false);
        }
        Path tokens = data.resolve("tokens.json");
        String good = Files.readString(tokens);
        Files.writeString(tokens, good.replace(TestTokens.LIBRARY.toString(), "/nonexistent/libmissing-pkcs11.so"));

        try (Certwiz certwiz = Certwiz.open(new DataDirectory(data));
                CertwizServer server = CertwizServer.start(certwiz, new ServeOptions("127.0.0.1", 0, 0, 0))) {
            String presented = Tls.presented(server.port(Usage.WebServicesInternal));
            assertThat(presented).isNotEqualTo(onToken);
            ListenerStatus status = ServerTestAccess.listeners(server).status(Usage.WebServicesInternal);
            assertThat(status.temporary()).isTrue();
            assertThat(status.thumbprint()).isEqualTo(presented);
            assertThat(status.error())
                    .startsWith("kept the temporary certificate: token hsm: the PKCS#11 module")
                    .contains("/nonexistent/libmissing-pkcs11.so does not exist");
            // The rest of the server runs: the other listener presents its certificate, the API answers.
            assertThat(Tls.presented(server.port(Usage.WebServicesExternal))).isEqualTo(software);
            JsonNode usages = usagesOverApi(server, admin);
            JsonNode internal = row(usages, "WebServicesInternal");
            assertThat(internal.path("state").asText()).isEqualTo("NotPresented");
            assertThat(internal.path("thumbprint").asText()).isEqualTo(onToken);
            assertThat(internal.path("problem").asText()).contains("libmissing-pkcs11.so does not exist");
            assertThat(row(usages, "WebServicesExternal").path("state").asText())
                    .isEqualTo("Assigned");
            // usages in another process (the CLI) reads the same from the store.
            JsonNode cli = new Cli(data).run("usages", "--json").ok().json();
            assertThat(row(cli, "WebServicesInternal").path("state").asText()).isEqualTo("NotPresented");
            assertThat(new Cli(data).run("usages").ok().out()).contains("the listener could not present it since");

            // The token back: the next load (the watcher retries every 30 s; here at once) presents the key.
            Files.writeString(tokens, good);
            server.refresh();
            assertThat(Tls.presented(server.port(Usage.WebServicesInternal))).isEqualTo(onToken);
            assertThat(ServerTestAccess.swapError(server, Usage.WebServicesInternal))
                    .isNull();
            assertThat(row(usagesOverApi(server, admin), "WebServicesInternal")
                            .path("state")
                            .asText())
                    .isEqualTo("Assigned");

            // A new token certificate assigned while the module is gone: the last good one stays.
            String second = requestOnToken(certwiz, false);
            Files.writeString(tokens, good.replace(TestTokens.LIBRARY.toString(), "/nonexistent/libmissing-pkcs11.so"));
            certwiz.assignments().assign(Thumbprint.parse(second), List.of(Usage.WebServicesInternal));
            server.refresh();
            assertThat(Tls.presented(server.port(Usage.WebServicesInternal))).isEqualTo(onToken);
            assertThat(ServerTestAccess.swapError(server, Usage.WebServicesInternal))
                    .startsWith("kept the last good certificate: token hsm:");
            JsonNode kept = row(usagesOverApi(server, admin), "WebServicesInternal");
            assertThat(kept.path("state").asText()).isEqualTo("NotPresented");
            assertThat(kept.path("thumbprint").asText()).isEqualTo(second);
        }
    }

    private static String requestOnToken(Certwiz certwiz, boolean assign) {
        return certwiz.requests()
                .online(RequestSpec.builder(List.of(Usage.WebServicesInternal))
                        .keyType(KeyType.EC_P256)
                        .keyStore("pkcs11:hsm")
                        .assign(assign)
                        .build())
                .certificate()
                .thumbprint();
    }

    private static JsonNode usagesOverApi(CertwizServer server, String admin) throws Exception {
        HttpResponse<String> response = Tls.insecureHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.port(Usage.WebServicesInternal)
                                        + "/api/v1/usages"))
                                .header("Authorization", "Bearer " + admin)
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode row(JsonNode usages, String usage) {
        for (JsonNode row : usages) {
            if (row.path("usage").asText().equals(usage)) {
                return row;
            }
        }
        throw new AssertionError("no " + usage + " in " + usages);
    }
}
