package io.certwiz.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.usage.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A browser's session on the wizard of a {@link TestServer}: the login cookie and the pages' CSRF token. */
public final class WizardSession {
    private final HttpClient client = Tls.insecureHttpClient();
    private final TestServer server;
    private String cookie;
    private String csrf;

    private WizardSession(TestServer server) {
        this.server = server;
    }

    public static WizardSession login(TestServer server) {
        WizardSession session = new WizardSession(server);
        HttpResponse<String> login = session.send(HttpRequest.newBuilder(session.uri("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + encode(server.adminToken()))));
        assertThat(login.statusCode()).isEqualTo(302);
        session.cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                .matcher(session.get("/").body());
        assertThat(token.find()).isTrue();
        session.csrf = token.group(1);
        return session;
    }

    public URI uri(String path) {
        return server.uri(Usage.WebServicesInternal, path);
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path))
                .header("Cookie", cookie)
                .header("Accept", "text/html")
                .GET());
    }

    /** Posts a form (name, value, name, value, ...) with the session's CSRF token. */
    public HttpResponse<String> post(String path, String... fields) {
        StringBuilder form = new StringBuilder("_csrf=").append(encode(csrf));
        for (int i = 0; i + 1 < fields.length; i += 2) {
            form.append('&').append(encode(fields[i])).append('=').append(encode(fields[i + 1]));
        }
        return send(HttpRequest.newBuilder(uri(path))
                .header("Cookie", cookie)
                .header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
