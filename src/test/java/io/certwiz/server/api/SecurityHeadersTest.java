package io.certwiz.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.server.ServerTestAccess;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.TestServer;
import io.certwiz.usage.Usage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every answer of the WebServicesInternal site — pages, the login, the API's JSON, errors and refusals,
 * with and without credentials — carries the security headers: a CSP that forbids framing, nosniff, a
 * referrer policy, and {@code Cache-Control: no-store} (issue 13).
 */
class SecurityHeadersTest {
    @TempDir
    Path dir;

    private static void assertHeaders(String what, HttpResponse<String> response) {
        var headers = response.headers();
        String label = what + " -> " + response.statusCode();
        assertThat(headers.firstValue("Content-Security-Policy").orElse(""))
                .as(label)
                .contains("frame-ancestors 'none'")
                .contains("default-src 'none'");
        assertThat(headers.firstValue("X-Content-Type-Options")).as(label).contains("nosniff");
        assertThat(headers.firstValue("Referrer-Policy")).as(label).contains("no-referrer");
        assertThat(headers.firstValue("Cache-Control").orElse("")).as(label).contains("no-store");
    }

    private static HttpRequest.BodyPublisher body(String method) {
        return method.equals("GET") || method.equals("DELETE")
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString("{}");
    }

    @Test
    void everyRouteAnswersWithTheSecurityHeaders() {
        try (TestServer server = TestServer.start(dir)) {
            Api api = new Api(server);
            String thumbprint = server.request(List.of(Usage.WebServicesInternal), false, true);
            // the login: its page, a wrong token, the right one (whose answer sets the session cookie)
            assertHeaders("GET /login", api.send(api.request("/login").GET()));
            assertHeaders("POST /login wrong", LoginTest.formLogin(api, "cwz_wrong"));
            HttpResponse<String> login = LoginTest.formLogin(api, server.adminToken());
            assertThat(login.headers().firstValue("Set-Cookie")).isPresent();
            assertHeaders("POST /login right", login);
            String cookie =
                    login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];

            List<ServerTestAccess.Route> routes =
                    new ArrayList<>(ServerTestAccess.routes(server.server(), Usage.WebServicesInternal));
            assertThat(routes).hasSizeGreaterThan(30);
            // Only what answers requests: before/after handlers are not routes a client can call.
            routes.removeIf(r -> !java.util.Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
                    .contains(r.method()));
            // What ends the credentials goes last.
            routes.sort(Comparator.comparing(
                    r -> r.path().contains("logout") || r.path().contains("reset-token") ? 1 : 0));
            int checked = 0;
            for (ServerTestAccess.Route route : routes) {
                String path = route.path()
                        .replaceAll("\\{thumbprint}", thumbprint)
                        .replaceAll("\\{[^}]+}", "1")
                        .replaceAll("<[^>]+>", "1")
                        .replace("*", "nothing-here");
                if (!path.startsWith("/")) {
                    path = "/" + path;
                }
                String what = route.method() + " " + path;
                assertHeaders(
                        what + " (no credentials)",
                        api.send(api.request(path)
                                .header("Accept", "application/json")
                                .method(route.method(), body(route.method()))));
                assertHeaders(
                        what + " (a wrong token)",
                        api.send(api.request(path)
                                .header("Authorization", "Bearer cwz_wrong")
                                .method(route.method(), body(route.method()))));
                assertHeaders(
                        what + " (bearer)",
                        api.send(api.authorized(path)
                                .header("Content-Type", "application/json")
                                .method(route.method(), body(route.method()))));
                assertHeaders(
                        what + " (session, no CSRF token)",
                        api.send(api.request(path)
                                .header("Cookie", cookie)
                                .header("Accept", "text/html")
                                .method(route.method(), body(route.method()))));
                checked++;
            }
            assertThat(checked).isEqualTo(routes.size());
            // what no route answers (a body over the limit is not asked here: the server may reset that
            // connection before the client reads the 413, which the body-limit tests check on their own)
            assertHeaders(
                    "GET /no-such-page", api.send(api.request("/no-such-page").header("Cookie", cookie)));
            assertHeaders("GET /api/v1/nothing", api.get("/api/v1/nothing"));
        }
    }
}
