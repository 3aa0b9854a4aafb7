package io.certwiz.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.server.ServerTestAccess;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.RawHttp;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.usage.Usage;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication before routing on WebServicesInternal: every API route refuses a request without
 * credentials and one with a wrong token; unknown API paths do not reveal themselves; the session
 * cookie's flags; CSRF on every change made with a session; body size limits.
 */
class AuthTest {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @TempDir
    static Path dir;

    static TestServer server;
    static Api api;
    static String thumbprint;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        api = new Api(server);
        thumbprint = server.request(List.of(Usage.WebServicesInternal), true, false);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static String concrete(String path) {
        return path.replace("{ref}", thumbprint)
                .replace("{thumbprint}", thumbprint)
                .replace("{id}", "1")
                .replace("{usage}", "WebServicesInternal")
                .replaceAll("\\{[^}]+}", "1");
    }

    static HttpRequest.Builder call(ServerTestAccess.Route route, HttpRequest.Builder builder) {
        return builder.header("Content-Type", "application/json")
                .method(
                        route.method(),
                        route.method().equals("GET") || route.method().equals("DELETE")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{\"thumbprint\":\"" + thumbprint
                                        + "\",\"usages\":[\"WebServicesInternal\"]}"));
    }

    static String marker() {
        return server.certwiz().credentials().changeMarker();
    }

    static void assertUnauthorized(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""))
                .as(what)
                .startsWith("Bearer");
        assertThat(response.headers().firstValue("Content-Type").orElse(""))
                .as(what)
                .startsWith("application/problem+json");
        assertThat(Api.json(response).path("status").asInt()).isEqualTo(401);
    }

    @Test
    void everyApiRouteRefusesMissingAndWrongCredentials() {
        List<ServerTestAccess.Route> routes = new java.util.ArrayList<>(ServerTestAccess.apiRoutes());
        assertThat(routes).hasSizeGreaterThanOrEqualTo(17);
        // The OpenAPI document carries no secret and is read without credentials (OpenApiTest).
        assertThat(routes.removeIf(r -> r.path().equals(ApiRoutes.OPENAPI_PATH)))
                .isTrue();
        String before = marker();
        for (ServerTestAccess.Route route : routes) {
            String path = concrete(route.path());
            String what = route.method() + " " + path;
            assertUnauthorized(api.send(call(route, api.request(path))), what + " without credentials");
            assertUnauthorized(
                    api.send(call(route, api.request(path).header("Authorization", "Bearer cwz_wrong"))),
                    what + " with a wrong token");
            assertUnauthorized(
                    api.send(call(route, api.request(path).header("Authorization", "Basic YWRtaW46YWRtaW4="))),
                    what + " with Basic credentials");
            assertUnauthorized(
                    api.send(call(route, api.request(path).header("Cookie", "certwiz_session=forged"))),
                    what + " with a forged session cookie");
            // A good request clears the failures (else the throttle would answer 429 after five).
            assertThat(api.get("/api/v1/usages").statusCode()).isEqualTo(200);
        }
        assertThat(marker()).as("nothing changed").isEqualTo(before);
        // The metrics, outside /api, too.
        assertUnauthorized(api.send(api.request("/metrics")), "/metrics");
    }

    @Test
    void unknownApiPathsAre401BeforeRoutingAnd404After() {
        for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
            HttpRequest.Builder anonymous =
                    api.request("/api/v1/no/such/route").method(method, HttpRequest.BodyPublishers.ofString("{}"));
            assertUnauthorized(api.send(anonymous), method + " unknown path");
            HttpResponse<String> known = api.send(api.authorized("/api/v1/no/such/route")
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString("{}")));
            assertThat(known.statusCode()).as(method + " " + known.body()).isEqualTo(404);
            assertThat(known.headers().firstValue("Content-Type").orElse(""))
                    .as(method)
                    .startsWith("application/problem+json");
        }
        assertUnauthorized(api.send(api.request("/api/v2/usages")), "other API version");
        assertUnauthorized(api.send(api.request("/api")), "/api");
    }

    /** Logs in with the form; the session cookie's value and its Set-Cookie header. */
    static String[] login() {
        HttpResponse<String> response = api.send(api.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "token=" + URLEncoder.encode(server.adminToken(), StandardCharsets.UTF_8))));
        assertThat(response.statusCode()).as(response.body()).isIn(302, 303);
        String setCookie = response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("certwiz_session="))
                .findFirst()
                .orElseThrow();
        String value = setCookie.substring("certwiz_session=".length(), setCookie.indexOf(';'));
        return new String[] {value, setCookie};
    }

    static String csrfOf(String session) {
        HttpResponse<String> page = api.send(
                api.request("/").header("Cookie", "certwiz_session=" + session).header("Accept", "text/html"));
        assertThat(page.statusCode()).isEqualTo(200);
        Matcher m = CSRF.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return m.group(1);
    }

    @Test
    void sessionCookieIsHttpOnlySecureSameSiteStrict() {
        String setCookie = login()[1];
        List<String> attributes = List.of(setCookie.toLowerCase(Locale.ROOT).split(";\\s*"));
        assertThat(attributes).contains("httponly", "secure", "samesite=strict", "path=/");
    }

    @Test
    void sessionChangesNeedTheCsrfToken() {
        String session = login()[0];
        String csrf = csrfOf(session);
        String body = "{\"thumbprint\":\"" + thumbprint + "\",\"usages\":[\"WebServicesExternal\"]}";
        HttpRequest.Builder assign = api.request("/api/v1/assignments")
                .header("Cookie", "certwiz_session=" + session)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> missing = api.send(assign.copy());
        assertThat(missing.statusCode()).as(missing.body()).isEqualTo(403);
        assertThat(Api.json(missing).path("title").asText()).isEqualTo("CSRF");
        HttpResponse<String> wrong = api.send(assign.copy().header("X-CSRF-Token", csrf + "x"));
        assertThat(wrong.statusCode()).isEqualTo(403);
        HttpResponse<String> otherSession = api.send(assign.copy().header("X-CSRF-Token", csrfOf(login()[0])));
        assertThat(otherSession.statusCode()).as("another session's token").isEqualTo(403);
        assertThat(server.certwiz().assignments().usages().stream()
                        .filter(u -> u.usage().equals("WebServicesExternal"))
                        .findFirst()
                        .orElseThrow()
                        .thumbprint())
                .as("nothing assigned")
                .isNull();
        // A form post carries it as _csrf; a wrong one is refused too.
        HttpResponse<String> form = api.send(api.request("/logout")
                .header("Cookie", "certwiz_session=" + session)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=nope")));
        assertThat(form.statusCode()).isEqualTo(403);
        for (String method : List.of("DELETE", "PUT", "PATCH")) {
            HttpResponse<String> change = api.send(api.request("/api/v1/assignments/WebServicesInternal")
                    .header("Cookie", "certwiz_session=" + session)
                    .method(method, HttpRequest.BodyPublishers.noBody()));
            assertThat(change.statusCode()).as(method).isEqualTo(403);
        }
        // With the right token it goes through.
        HttpResponse<String> ok = api.send(assign.copy().header("X-CSRF-Token", csrf));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
        // Reading needs no CSRF token.
        assertThat(api.send(api.request("/api/v1/usages").header("Cookie", "certwiz_session=" + session))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void requestBodiesOverTheLimitAreRefused() throws Exception {
        long limit = ServerTestAccess.maxRequestBytes();
        byte[] big = new byte[(int) limit + 1024];
        java.util.Arrays.fill(big, (byte) 'A');
        HttpResponse<String> raw = api.send(api.authorized("/api/v1/imports?name=big.pem")
                .expectContinue(true)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(big)));
        assertThat(raw.statusCode()).as(raw.body()).isEqualTo(413);
        // Without a Content-Length (chunked), the limit still holds.
        HttpResponse<String> chunked = api.send(api.authorized("/api/v1/imports?name=big.pem")
                .expectContinue(true)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))));
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        String boundary = "certwizboundary";
        byte[] multipart = (("--" + boundary
                        + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pem\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n" + new String(big, StandardCharsets.US_ASCII)
                        + "\r\n--" + boundary + "--\r\n"))
                .getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> upload = api.send(api.authorized("/api/v1/imports")
                .expectContinue(true)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(multipart)));
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(413);
        try (RawHttp connection =
                new RawHttp(server.port(Usage.WebServicesInternal), Tls.context(new Tls.Recording(null), null))) {
            RawHttp.Response chunkedUpload = connection.postChunked(
                    "/api/v1/imports",
                    Map.of(
                            "Authorization", "Bearer " + server.adminToken(),
                            "Content-Type", "multipart/form-data; boundary=" + boundary),
                    multipart);
            assertThat(chunkedUpload.status()).as(chunkedUpload.body()).isEqualTo(413);
            assertThat(chunkedUpload.headers().get("content-type")).startsWith("application/problem+json");
        }
        for (HttpResponse<String> refused : List.of(raw, chunked, upload)) {
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        }
        HttpResponse<String> json = api.send(api.authorized("/api/v1/verify")
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"certificate\":\"" + new String(big, StandardCharsets.US_ASCII) + "\"}")));
        assertThat(json.statusCode()).as(json.body()).isEqualTo(413);
        // Below the limit a body is read (and here refused for what it is, not for its size).
        HttpResponse<String> small = api.send(api.authorized("/api/v1/imports?name=small.pem")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString("not a certificate")));
        assertThat(small.statusCode()).as(small.body()).isNotEqualTo(413).isBetween(400, 499);
        JsonNode problem = Api.json(small);
        assertThat(problem.path("detail").asText()).isNotBlank();
    }
}
