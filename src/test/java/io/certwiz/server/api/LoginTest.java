package io.certwiz.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.audit.AuditEntry;
import io.certwiz.server.ServerTestAccess;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.TestServer;
import io.certwiz.testing.Cli;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failed logins, by the form or by a bearer token, are rate limited and recorded in the audit log. */
class LoginTest {
    @TempDir
    Path dir;

    static HttpResponse<String> formLogin(Api api, String token) {
        return api.send(api.request("/login")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))));
    }

    @Test
    void failedFormLoginsAreThrottledAndAudited() {
        try (TestServer server = TestServer.start(dir)) {
            Api api = new Api(server);
            int max = ServerTestAccess.maxFailedLogins();
            assertThat(max).isEqualTo(5);
            for (int i = 0; i < max; i++) {
                HttpResponse<String> failed = formLogin(api, "cwz_guess" + i);
                assertThat(failed.statusCode()).as("attempt %d", i + 1).isEqualTo(401);
                assertThat(failed.headers().allValues("Set-Cookie")).isEmpty();
            }
            HttpResponse<String> throttled = formLogin(api, "cwz_guess-more");
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
            // While wrong tokens are throttled the right one still gets in, by the form and as a bearer
            // token: a guesser behind the same address cannot lock the administrator out.
            HttpResponse<String> right = formLogin(api, server.adminToken());
            assertThat(right.statusCode()).isEqualTo(302);
            assertThat(right.headers().firstValue("Set-Cookie").orElse("")).startsWith("certwiz_session=");
            for (int i = 0; i < max; i++) {
                formLogin(api, "cwz_guess-again" + i);
            }
            assertThat(formLogin(api, "cwz_guess-again").statusCode()).isEqualTo(429);
            assertThat(api.get("/api/v1/usages").statusCode()).isEqualTo(200);

            List<AuditEntry> failures = server.certwiz().audit().newest(100).stream()
                    .filter(e -> e.operation().equals("login.failed"))
                    .toList();
            assertThat(failures).hasSize(2 * max);
            assertThat(failures).allSatisfy(e -> {
                assertThat(e.actor()).isEqualTo("anonymous@127.0.0.1");
                assertThat(e.detail()).contains("login form").doesNotContain("cwz_guess");
            });
            // certwiz audit shows them.
            String audit = new Cli(server.dataDir()).run("audit", "--json").ok().out();
            assertThat(audit)
                    .contains("login.failed")
                    .doesNotContain("cwz_guess")
                    .doesNotContain(server.adminToken());
        }
    }

    @Test
    void failedBearerTokensAreThrottledAndAudited() {
        try (TestServer server = TestServer.start(dir)) {
            Api api = new Api(server);
            for (int i = 0; i < ServerTestAccess.maxFailedLogins(); i++) {
                HttpResponse<String> failed =
                        api.send(api.request("/api/v1/usages").header("Authorization", "Bearer cwz_guess" + i));
                assertThat(failed.statusCode()).isEqualTo(401);
            }
            HttpResponse<String> throttled =
                    api.send(api.request("/api/v1/usages").header("Authorization", "Bearer cwz_guess-more"));
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Content-Type").orElse(""))
                    .startsWith("application/problem+json");
            // the right bearer token is not refused
            assertThat(api.get("/api/v1/usages").statusCode()).isEqualTo(200);
            assertThat(api.send(api.request("/api/v1/usages").header("Authorization", "Bearer cwz_guess-again"))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(server.certwiz().audit().newest(100).stream()
                            .filter(e -> e.operation().equals("login.failed")
                                    && e.detail().contains("bearer")))
                    .hasSize(ServerTestAccess.maxFailedLogins() + 1);
        }
    }

    private static String sessionCookie(HttpResponse<String> login) {
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return cookie.substring(0, cookie.indexOf(';'));
    }

    private static HttpResponse<String> withCookie(Api api, String path, String cookie) {
        return api.send(api.request(path).header("Cookie", cookie).header("Accept", "text/html"));
    }

    @Test
    void resetTokenEndsEverySessionMadeWithTheOldToken() {
        try (TestServer server = TestServer.start(dir)) {
            Api api = new Api(server);
            String first = sessionCookie(formLogin(api, server.adminToken()));
            String second = sessionCookie(formLogin(api, server.adminToken()));
            assertThat(withCookie(api, "/", first).statusCode()).isEqualTo(200);
            assertThat(withCookie(api, "/", second).statusCode()).isEqualTo(200);

            String newToken = Cli.runRaw(
                            "admin", "reset-token", "--data", server.dataDir().toString(), "--json")
                    .ok()
                    .json()
                    .path("adminToken")
                    .asText();

            for (String old : List.of(first, second)) {
                HttpResponse<String> page = withCookie(api, "/", old);
                assertThat(page.statusCode()).isEqualTo(302);
                assertThat(page.headers().firstValue("Location").orElse("")).endsWith("/login");
                assertThat(api.send(api.request("/api/v1/usages").header("Cookie", old))
                                .statusCode())
                        .isEqualTo(401);
            }
            assertThat(api.get("/api/v1/usages").statusCode())
                    .as("the old bearer token")
                    .isEqualTo(401);
            String fresh = sessionCookie(formLogin(api, newToken));
            assertThat(withCookie(api, "/", fresh).statusCode()).isEqualTo(200);
        }
    }
}
