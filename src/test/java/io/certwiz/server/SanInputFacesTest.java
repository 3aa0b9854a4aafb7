package io.certwiz.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.TestServer;
import io.certwiz.testing.Cli;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Additional SANs read the same way in the CLI ({@code --san}), the API ({@code sans}) and the wizard's
 * text box: the same input gives the same names, and the same bad input the same one-line error.
 */
class SanInputFacesTest {
    private static final Pattern WIZARD_ERROR =
            Pattern.compile("<div role=\"alert\"><p class=\"error\"><strong>(.*?)</strong>");
    private static final Pattern WIZARD_SANS = Pattern.compile("<pre id=\"summary-sans\">(.*?)</pre>", Pattern.DOTALL);

    @TempDir
    static Path dir;

    static TestServer server;
    static Api api;
    static Cli cli;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        api = new Api(server);
        cli = new Cli(server.dataDir());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static Stream<Arguments> good() {
        return Stream.of(
                Arguments.of(List.of("dns:a.example.com"), List.of("dns:a.example.com")),
                Arguments.of(List.of("b.example.com"), List.of("dns:b.example.com")),
                Arguments.of(
                        List.of("DNS:C.Example.COM.", "ip:192.0.2.7"), List.of("dns:c.example.com", "ip:192.0.2.7")),
                Arguments.of(List.of("192.0.2.8, 2001:db8::1"), List.of("ip:192.0.2.8", "ip:2001:db8:0:0:0:0:0:1")),
                Arguments.of(
                        List.of("*.apps.example.com d.example.com"),
                        List.of("dns:*.apps.example.com", "dns:d.example.com")));
    }

    @ParameterizedTest
    @MethodSource("good")
    void theFacesAcceptTheSameNames(List<String> input, List<String> extra) {
        List<String> viaCli =
                texts(cli.run("request", cliArgs(input, "--json")).ok().json().path("sans"));
        HttpResponse<String> api = apiRequest(input);
        assertThat(api.statusCode()).as(api.body()).isEqualTo(201);
        List<String> viaApi = texts(Api.json(api).path("sans"));
        HttpResponse<String> wizard = wizardSummary(input);
        assertThat(wizard.statusCode()).as(wizard.body()).isEqualTo(200);
        Matcher sans = WIZARD_SANS.matcher(wizard.body());
        assertThat(sans.find()).as(wizard.body()).isTrue();
        List<String> viaWizard = unescape(sans.group(1)).lines().toList();

        // The usage's own name first, then the additional ones in the order given.
        assertThat(viaCli).containsExactlyElementsOf(concat("dns:" + TestServer.FQDN, extra));
        assertThat(viaApi).isEqualTo(viaCli);
        assertThat(viaWizard).isEqualTo(viaCli);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "email:admin@example.com",
                "dns:under_score.example.com",
                "ip:300.1.2.3",
                "1.2.3",
                "dead:beef",
                "dns:",
                "ok.example.com, bad..example.com"
            })
    void theFacesRefuseTheSameInputWithTheSameMessage(String input) {
        String before = cli.snapshot();
        Cli.Result viaCli =
                cli.run("request", cliArgs(List.of(input), "--json")).failsWithOneLine(2);
        String message = viaCli.json().path("error").path("message").asText();
        assertThat(message).isNotBlank().isEqualTo(viaCli.errLine().substring("certwiz: ".length()));

        HttpResponse<String> api = apiRequest(List.of(input));
        assertThat(api.statusCode()).as(api.body()).isEqualTo(400);
        assertThat(Api.json(api).path("detail").asText()).isEqualTo(message);
        assertThat(Api.json(api).path("exitCode").asInt()).isEqualTo(2);

        HttpResponse<String> wizard = wizardSummary(List.of(input));
        assertThat(wizard.statusCode()).as(wizard.body()).isEqualTo(400);
        Matcher error = WIZARD_ERROR.matcher(wizard.body());
        assertThat(error.find()).as(wizard.body()).isTrue();
        assertThat(unescape(error.group(1))).isEqualTo(message);

        assertThat(cli.snapshot()).isEqualTo(before);
    }

    /** An offline request for WebServicesInternal with these SANs, one --san each. */
    private static String[] cliArgs(List<String> sans, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--usage",
                "WebServicesInternal",
                "--key",
                "ec-p256",
                "--offline",
                "--out",
                dir.resolve("request.csr").toString()));
        for (String san : sans) {
            args.add("--san");
            args.add(san);
        }
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static HttpResponse<String> apiRequest(List<String> sans) {
        return api.post(
                "/api/v1/requests",
                Api.json(Map.of(
                        "usages", List.of("WebServicesInternal"), "key", "ec-p256", "offline", true, "sans", sans)));
    }

    /** The wizard's summary page for the same request, the SANs typed one per line. */
    private static HttpResponse<String> wizardSummary(List<String> sans) {
        String form = "mode=offline&usage=WebServicesInternal&key=ec-p256&sans="
                + URLEncoder.encode(String.join("\n", sans), StandardCharsets.UTF_8);
        return api.send(api.authorized("/request/summary")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    private static String unescape(String html) {
        return html.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> out = new ArrayList<>(List.of(first));
        out.addAll(rest);
        return out;
    }
}
