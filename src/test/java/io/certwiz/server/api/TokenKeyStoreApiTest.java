package io.certwiz.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.TestServer;
import io.certwiz.testing.TestTokens;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key store in the REST API ({@code keyStore} of POST /api/v1/requests, {@code keyStore} of a
 * certificate) and in the wizard's request form (a "Key store" choice listing the tokens of tokens.json).
 */
class TokenKeyStoreApiTest {
    @Test
    void theApiAndTheWizardOfferTheKeyStore(@TempDir Path dir) {
        try (TestServer server = TestServer.start(dir)) {
            TestTokens.configure(server.dataDir(), "hsm", TestTokens.LEAF, null);
            Api api = new Api(server);

            HttpResponse<String> made = api.post(
                    "/api/v1/requests",
                    "{\"usages\": [\"WebServicesInternal\"], \"key\": \"ec-p256\", \"keyStore\": \"pkcs11:hsm\"}");
            assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
            JsonNode certificate = Api.json(made).path("certificate");
            String uri = certificate.path("keyStore").asText();
            assertThat(uri).startsWith("pkcs11:token=" + TestTokens.LEAF + ";id=");
            assertThat(Api.json(api.get("/api/v1/certificates/"
                                    + certificate.path("thumbprint").asText()))
                            .path("keyStore")
                            .asText())
                    .isEqualTo(uri);

            HttpResponse<String> exportable = api.post(
                    "/api/v1/requests",
                    "{\"usages\": [\"WebServicesInternal\"], \"keyStore\": \"pkcs11:hsm\", \"exportable\": true}");
            assertThat(exportable.statusCode()).isEqualTo(400);
            assertThat(exportable.body()).contains("never exportable");
            HttpResponse<String> unknown = api.post(
                    "/api/v1/requests", "{\"usages\": [\"WebServicesInternal\"], \"keyStore\": \"pkcs11:none\"}");
            assertThat(unknown.statusCode()).isEqualTo(400);
            assertThat(unknown.body()).contains("no token named 'none'");
            HttpResponse<String> export = api.post(
                    "/api/v1/certificates/" + certificate.path("thumbprint").asText() + "/export",
                    "{\"format\": \"pfx\", \"withKey\": true, \"password\": \"pw-123456\"}");
            assertThat(export.statusCode()).as(export.body()).isEqualTo(422);
            assertThat(export.body()).contains("lives on a PKCS#11 token");

            HttpResponse<String> form = api.get("/request");
            assertThat(form.body())
                    .contains("<select id=\"keyStore\" name=\"keyStore\">")
                    .contains("<option value=\"\" selected>the default: software (sealed in the store)</option>")
                    .contains("<option value=\"software\">")
                    .contains("<option value=\"pkcs11:hsm\">pkcs11:hsm (PKCS#11 token, token label &#39;"
                            + TestTokens.LEAF + "&#39;)</option>");
            HttpResponse<String> chosen = api.get("/request?mode=online&usage=WebServicesInternal&keyStore=pkcs11:hsm");
            assertThat(chosen.body()).contains("<option value=\"pkcs11:hsm\" selected>");
        }
    }
}
