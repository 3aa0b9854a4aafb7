package io.certwiz.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.usage.Usage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /metrics counts the certificates of each store and those the embedded CA issued, as they change. */
class MetricsTest {
    @TempDir
    Path dir;

    @Test
    void aNewCertificateCountsInPersonalAndAsIssued() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String before = metrics(server);
            server.request(List.of(Usage.WebServicesExternal), false, false);
            String after = metrics(server);

            assertThat(value(after, "certwiz_certificates{store=\"personal\"}"))
                    .isEqualTo(value(before, "certwiz_certificates{store=\"personal\"}") + 1);
            assertThat(value(after, "certwiz_issued_certificates_total"))
                    .isEqualTo(value(before, "certwiz_issued_certificates_total") + 1);
            assertThat(value(after, "certwiz_certificates{store=\"root\"}"))
                    .isEqualTo(value(before, "certwiz_certificates{store=\"root\"}"))
                    .isPositive();
            assertThat(value(after, "certwiz_certificates{store=\"intermediate\"}"))
                    .isEqualTo(value(before, "certwiz_certificates{store=\"intermediate\"}"));
        }
    }

    private static String metrics(TestServer server) throws Exception {
        HttpResponse<String> response = Tls.insecureHttpClient()
                .send(
                        HttpRequest.newBuilder(server.uri(Usage.WebServicesInternal, "/metrics"))
                                .header("Authorization", "Bearer " + server.adminToken())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static long value(String metrics, String series) {
        Matcher m =
                Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\d+)$").matcher(metrics);
        assertThat(m.find()).as(series + " in\n" + metrics).isTrue();
        return Long.parseLong(m.group(1));
    }
}
