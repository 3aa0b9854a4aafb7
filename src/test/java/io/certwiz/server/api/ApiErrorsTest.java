package io.certwiz.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.RawHttp;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.testing.CertFactory;
import io.certwiz.usage.Usage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile requests to the REST API get problem+json with a 4xx status, never a 500 or a page of the
 * web server's own: nulls inside arrays, fields no operation has, a header too large, a NUL in the path.
 */
class ApiErrorsTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        api = new Api(server);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode body = Api.json(response);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("detail").asText()).doesNotContain("Exception").doesNotContain("internal error");
        return body;
    }

    private static void problem(RawHttp.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().getOrDefault("content-type", "")).startsWith("application/problem+json");
        JsonNode body = Api.json(response.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("<html").doesNotContain("<h2>");
    }

    @Test
    void aNullInsideAJsonArrayIsABadRequest() {
        JsonNode usages = problem(api.post("/api/v1/requests", "{\"usages\":[null]}"), 400);
        JsonNode sans = problem(
                api.post(
                        "/api/v1/requests",
                        "{\"usages\":[\"WebServicesInternal\"],\"sans\":[\"dns:a.example.com\",null]}"),
                400);
        problem(api.post("/api/v1/assignments", "{\"thumbprint\":\"" + "AB".repeat(20) + "\",\"usages\":[null]}"), 400);
        problem(api.post("/api/v1/verify", "{\"thumbprint\":\"" + "AB".repeat(20) + "\",\"trusted\":[null]}"), 400);

        assertThat(usages.path("detail").asText()).contains("usages");
        assertThat(sans.path("detail").asText()).contains("sans");
    }

    @Test
    void aFieldNoOperationHasIsRefusedNotIgnored() {
        JsonNode eku = problem(
                api.post("/api/v1/requests", "{\"usages\":[\"WebServicesInternal\"],\"eku\":\"codeSigning\"}"), 400);
        JsonNode verify = problem(
                api.post("/api/v1/verify", "{\"thumbprint\":\"" + "AB".repeat(20) + "\",\"eku\":\"codeSigning\"}"),
                400);

        assertThat(eku.path("detail").asText()).contains("unknown field 'eku'").contains("usages");
        assertThat(verify.path("detail").asText()).contains("codeSigning");
        String thumbprint = server.request(java.util.List.of(Usage.WebServicesInternal), false, false);
        problem(api.post("/api/v1/verify", "{\"thumbprint\":\"" + thumbprint + "\",\"ip\":\"999.1.1.1\"}"), 400);
        problem(api.post("/api/v1/verify", "{\"thumbprint\":\"" + thumbprint + "\",\"dnsName\":\"\"}"), 400);
    }

    @Test
    void aHeaderTooLargeAndANulInThePathAnswerProblemJson() throws Exception {
        int port = server.port(Usage.WebServicesInternal);
        String bearer = "Authorization: Bearer " + server.adminToken() + "\r\n";
        try (RawHttp http = new RawHttp(port, Tls.context(new Tls.Recording(null), null))) {
            problem(
                    http.raw("GET /api/v1/usages HTTP/1.1\r\nHost: x\r\n" + bearer + "X-Big: " + "a".repeat(40_000)
                            + "\r\n\r\n"),
                    431);
        }
        try (RawHttp http = new RawHttp(port, Tls.context(new Tls.Recording(null), null))) {
            problem(http.raw("GET /api/v1/%00 HTTP/1.1\r\nHost: x\r\n" + bearer + "\r\n"), 400);
        }
        try (RawHttp http = new RawHttp(port, Tls.context(new Tls.Recording(null), null))) {
            problem(http.raw("GET /api/v1/usages/%2e%2e/%00x HTTP/1.1\r\nHost: x\r\n\r\n"), 400);
        }
    }

    private static final Pattern CLI_WORDING = Pattern.compile("(?<![\\w-])--[a-z]|certwiz [a-z]+ |/tmp/|\\.tmp\\b");

    /** Every text of a problem: its detail, and each problem's message and fix. */
    private static List<String> texts(JsonNode problem) {
        List<String> out = new ArrayList<>(List.of(problem.path("detail").asText()));
        problem.path("problems").forEach(p -> {
            out.add(p.path("message").asText());
            out.add(p.path("fix").asText());
        });
        return out;
    }

    private static JsonNode apiWorded(HttpResponse<String> response, int status) {
        JsonNode body = problem(response, status);
        for (String text : texts(body)) {
            assertThat(CLI_WORDING.matcher(text).find())
                    .as("names no CLI flag, command or temp file: " + text)
                    .isFalse();
        }
        return body;
    }

    private static HttpResponse<String> upload(String query, byte[] content) {
        return api.send(api.authorized("/api/v1/imports" + query)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(content)));
    }

    @Test
    void errorsNameTheApisFieldsNotTheClisFlags() {
        String thumbprint = server.request(List.of(Usage.WebServicesExternal), false, true);
        CertFactory.Issued root = CertFactory.root("Api Wording Root");
        CertFactory.Issued leaf = CertFactory.leaf(root, List.of("peer.example.com"));
        byte[] pfx = CertFactory.pfx(leaf.key(), "pfx-pass".toCharArray(), leaf.certificate(), root.certificate());

        JsonNode password = apiWorded(upload("?name=server.pfx", pfx), 400);
        assertThat(password.path("detail").asText()).startsWith("server.pfx: ").contains("give it with password");
        JsonNode withKey = apiWorded(
                api.post("/api/v1/certificates/" + thumbprint + "/export", "{\"format\":\"der\",\"withKey\":true}"),
                400);
        assertThat(withKey.path("detail").asText()).contains("withKey needs format pfx or pem");
        JsonNode date = apiWorded(
                api.post(
                        "/api/v1/assignments",
                        "{\"thumbprint\":\"" + thumbprint + "\",\"usages\":[\"OAuthTokenIssuer\"],\"roll\":true,"
                                + "\"effectiveDate\":\"soon\"}"),
                400);
        assertThat(date.path("detail").asText()).contains("effectiveDate takes an ISO time");
        JsonNode roll = apiWorded(
                api.post(
                        "/api/v1/assignments",
                        "{\"thumbprint\":\"" + thumbprint + "\",\"usages\":[\"WebServicesExternal\"],\"roll\":true,"
                                + "\"effectiveDate\":\"2099-01-01T00:00:00Z\"}"),
                400);
        assertThat(roll.path("detail").asText()).contains("roll stages").contains("assign without roll");
        apiWorded(api.get("/api/v1/certificates?expiringWithin=-1"), 400);
        JsonNode country = apiWorded(
                api.post("/api/v1/requests", "{\"usages\":[\"WebServicesExternal\"],\"country\":\"XYZ\"}"), 400);
        assertThat(country.path("detail").asText()).contains("country takes");

        // The refusals whose CLI hint is a flag get the API's field instead.
        JsonNode trust =
                apiWorded(upload("", CertFactory.pem(root.certificate()).getBytes(StandardCharsets.US_ASCII)), 422);
        assertThat(trust.path("detail").asText())
                .contains("self-signed root CA")
                .endsWith("(store=root)");
        JsonNode peer =
                apiWorded(upload("", CertFactory.pem(leaf.certificate()).getBytes(StandardCharsets.US_ASCII)), 404);
        assertThat(peer.path("detail").asText()).contains("store=personal");
        String embeddedRoot = Api.json(api.get("/api/v1/certificates?store=root"))
                .get(0)
                .path("thumbprint")
                .asText();
        JsonNode remove = apiWorded(api.delete("/api/v1/certificates/" + embeddedRoot), 422);
        assertThat(remove.path("detail").asText()).contains("nothing was removed");
    }

    @Test
    void aFriendlyNameInUseIsRefusedOnTheApiAsOnTheCli() {
        String body = "{\"usages\":[\"WebServicesExternal\"],\"assign\":false,\"friendlyName\":\"api-web\"}";
        assertThat(api.post("/api/v1/requests", body).statusCode()).isEqualTo(201);

        JsonNode again = apiWorded(api.post("/api/v1/requests", body.replace("api-web", " API-Web ")), 422);
        assertThat(again.path("detail").asText())
                .contains("the friendly name 'API-Web' is already used by certificate")
                .contains("choose another");
        assertThat(again.path("exitCode").asInt()).isEqualTo(3);
        JsonNode offline = apiWorded(api.post("/api/v1/requests", body.replace("}", ",\"offline\":true}")), 422);
        assertThat(offline.path("detail").asText()).contains("already used");
    }

    @Test
    void aRequestForANameOutsideTheEmbeddedCasPolicyIsA422UnlessAskedExplicitly() {
        JsonNode refused = problem(
                api.post("/api/v1/requests", "{\"usages\":[\"WebServicesInternal\"],\"sans\":[\"dns:google.com\"]}"),
                422);
        assertThat(refused.path("problems").findValuesAsText("code")).contains("NAME_OUTSIDE_POLICY");
        assertThat(refused.path("detail").asText()).contains("google.com");

        HttpResponse<String> issued = api.post(
                "/api/v1/requests",
                "{\"usages\":[\"WebServicesInternal\"],\"sans\":[\"dns:google.com\"],\"outsidePolicy\":true,"
                        + "\"assign\":false}");
        assertThat(issued.statusCode()).as(issued.body()).isBetween(200, 201);
    }
}
