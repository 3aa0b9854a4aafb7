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
            // While throttled even the right token is turned away, by the form and as a bearer token.
            assertThat(formLogin(api, server.adminToken()).statusCode()).isEqualTo(429);
            assertThat(api.get("/api/v1/usages").statusCode()).isEqualTo(429);

            List<AuditEntry> failures = server.certwiz().audit().newest(100).stream()
                    .filter(e -> e.operation().equals("login.failed"))
                    .toList();
            assertThat(failures).hasSize(max);
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
            assertThat(api.get("/api/v1/usages").statusCode()).isEqualTo(429);
            assertThat(server.certwiz().audit().newest(100).stream()
                            .filter(e -> e.operation().equals("login.failed")
                                    && e.detail().contains("bearer")))
                    .hasSize(ServerTestAccess.maxFailedLogins());
        }
    }
}
