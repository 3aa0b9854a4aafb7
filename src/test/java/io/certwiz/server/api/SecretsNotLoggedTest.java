package io.certwiz.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.InitService;
import io.certwiz.server.support.CliProcess;
import io.certwiz.server.support.ServeBanner;
import io.certwiz.server.support.Tls;
import io.certwiz.store.DataDirectory;
import io.certwiz.usage.ServerIdentity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret is ever logged: a server process with certwiz's loggers at debug and everything else at
 * info sees logins with the token (form and bearer), wrong tokens, a token reset and an export with a
 * password; its whole output never contains any of them, nor a session id or CSRF token.
 */
class SecretsNotLoggedTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    @TempDir
    Path dir;

    @Test
    void noSecretInTheServerOutput() throws Exception {
        Path data = dir.resolve("data");
        String token = InitService.init(
                        new DataDirectory(data),
                        new InitService.Options(
                                ServerIdentity.of("localhost.localdomain", null, null, null, List.of()), true, false))
                .adminToken();
        List<String> command = CliProcess.javaCommand(
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.log.io.certwiz=debug",
                "io.certwiz.cli.Main",
                "serve",
                "--data",
                data.toString(),
                "--port-default",
                "0",
                "--port-web-internal",
                "0",
                "--port-web-external",
                "0",
                "--port-http",
                "0");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().start(() -> copy(process.getInputStream(), output));
        List<String> secrets = new ArrayList<>(List.of(token, "cwz_wrong-secret-guess", "export-pass-phrase"));
        try {
            int port = internalPort(output);
            HttpClient client = Tls.insecureHttpClient();
            String base = "https://127.0.0.1:" + port;
            // Bearer, right and wrong.
            assertThat(send(
                                    client,
                                    HttpRequest.newBuilder(URI.create(base + "/api/v1/usages"))
                                            .header("Authorization", "Bearer " + token))
                            .statusCode())
                    .isEqualTo(200);
            assertThat(send(
                                    client,
                                    HttpRequest.newBuilder(URI.create(base + "/api/v1/usages"))
                                            .header("Authorization", "Bearer cwz_wrong-secret-guess"))
                            .statusCode())
                    .isEqualTo(401);
            // The form, wrong then right; then a page to read the CSRF token, and a change with it.
            assertThat(send(client, form(base, "cwz_wrong-secret-guess")).statusCode())
                    .isEqualTo(401);
            HttpResponse<String> login = send(client, form(base, token));
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
            String session = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
            secrets.add(session);
            HttpResponse<String> page = send(
                    client,
                    HttpRequest.newBuilder(URI.create(base + "/"))
                            .header("Cookie", "certwiz_session=" + session)
                            .header("Accept", "text/html"));
            Matcher csrf = CSRF.matcher(page.body());
            assertThat(csrf.find()).isTrue();
            secrets.add(csrf.group(1));
            HttpResponse<String> request = send(
                    client,
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/requests"))
                            .header("Cookie", "certwiz_session=" + session)
                            .header("X-CSRF-Token", csrf.group(1))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"usages\":[\"WebServicesInternal\"],\"key\":\"ec-p256\",\"exportable\":true}")));
            assertThat(request.statusCode()).as(request.body()).isEqualTo(201);
            String thumbprint = JSON.readTree(request.body())
                    .path("certificate")
                    .path("thumbprint")
                    .asText();
            // An export with a password, and a token reset whose new token comes back once.
            HttpResponse<String> export = send(
                    client,
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/certificates/" + thumbprint + "/export"))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"format\":\"pfx\",\"withKey\":true,\"password\":\"export-pass-phrase\"}")));
            assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
            HttpResponse<String> reset = send(
                    client,
                    HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/reset-token"))
                            .header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(reset.statusCode()).isEqualTo(200);
            JsonNode fresh = JSON.readTree(reset.body());
            String newToken = fresh.path("adminToken").asText();
            assertThat(newToken).startsWith("cwz_");
            secrets.add(newToken);
            // The old token no longer works; the new one does.
            assertThat(send(
                                    client,
                                    HttpRequest.newBuilder(URI.create(base + "/api/v1/usages"))
                                            .header("Authorization", "Bearer " + token))
                            .statusCode())
                    .isEqualTo(401);
            assertThat(send(
                                    client,
                                    HttpRequest.newBuilder(URI.create(base + "/api/v1/usages"))
                                            .header("Authorization", "Bearer " + newToken))
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            process.destroyForcibly();
            reader.join(5000);
        }
        String logged = output.toString(StandardCharsets.UTF_8);
        // certwiz's info lines are there (so the levels took effect): "WebServicesInternal now presents ...".
        assertThat(logged).contains("WebServicesInternal now presents");
        for (String secret : secrets) {
            assertThat(logged).as("server output").doesNotContain(secret);
        }
    }

    static HttpRequest.Builder form(String base, String token) {
        return HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)));
    }

    static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request) throws Exception {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int internalPort(ByteArrayOutputStream output) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String text;
            synchronized (output) {
                text = output.toString(StandardCharsets.UTF_8);
            }
            List<Integer> ports = ServeBanner.ports(text);
            if (ports.size() >= ServeBanner.LISTENERS) {
                return ports.get(1);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not start: " + output);
    }

    static void copy(InputStream in, ByteArrayOutputStream out) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }
}
