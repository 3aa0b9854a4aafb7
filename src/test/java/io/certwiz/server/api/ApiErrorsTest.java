package io.certwiz.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.RawHttp;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.usage.Usage;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
