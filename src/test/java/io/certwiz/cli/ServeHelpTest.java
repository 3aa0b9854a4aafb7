package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.testing.Cli;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code serve} says: its help names the defaults, its banner only URLs that answer. */
class ServeHelpTest {
    private static final Pattern URL = Pattern.compile("(https?)://127\\.0\\.0\\.1:(\\d+)(/\\S*)");

    @TempDir
    Path temp;

    @Test
    void serveHelpShowsTheDefaultPortsAndExplainsBind() {
        String help = Cli.runRaw("serve", "--help").ok().out();

        assertThat(help).contains("5061").contains("8443").contains("4443").contains("8080");
        assertThat(help.lines()
                        .filter(l -> l.strip().startsWith("--bind="))
                        .findFirst()
                        .orElseThrow())
                .containsIgnoringCase("address");
        assertThat(help).contains("default: 127.0.0.1");
    }

    @Test
    void auditHelpExplainsLimit() {
        String help = Cli.runRaw("audit", "--help").ok().out();

        assertThat(help.lines()
                        .filter(l -> l.strip().startsWith("--limit="))
                        .findFirst()
                        .orElseThrow())
                .contains("newest");
        assertThat(help).contains("default: 100");
    }

    @Test
    void everyUrlTheBannerNamesAnswers() throws Exception {
        try (TestServer server = TestServer.startWithHttp(temp)) {
            List<String> banner = ServeCommand.banner("127.0.0.1", server.server());

            HttpClient client = Tls.insecureHttpClient();
            List<String> checked = new ArrayList<>();
            for (String line : banner) {
                Matcher url = URL.matcher(line);
                if (!url.find() || line.contains("mutual TLS")) {
                    continue; // Default needs a client certificate
                }
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(url.group())).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode())
                        .as("%s in the banner line %s", url.group(), line)
                        .isNotEqualTo(404)
                        .isLessThan(500);
                checked.add(url.group(3));
            }
            assertThat(checked).contains("/pki/ca/root.crt", "/pki/crl/intermediate.crl", "/acme/directory");
            assertThat(String.join("\n", banner)).doesNotContain("/pki/ ");
        }
    }
}
