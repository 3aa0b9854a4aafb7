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

    @Test
    void everyHeldCertificateHasTheX509ExporterSeriesAndEachUsageItsReadiness() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            String thumbprint = server.request(List.of(Usage.WebServicesInternal), true, false);
            java.security.cert.X509Certificate root = server.root();
            String metrics = metrics(server);
            java.security.cert.X509Certificate leaf = server.certwiz()
                    .store()
                    .read((io.certwiz.store.Transaction tx) -> new io.certwiz.store.jdbc.SqlCertificateRecords()
                            .find(tx, new io.certwiz.x509.Thumbprint(thumbprint))
                            .orElseThrow()
                            .certificate());
            String labels = "{subject_CN=\"" + TestServer.FQDN + "\",issuer_CN=\""
                    + Pattern.compile("CN=([^,]+)")
                            .matcher(leaf.getIssuerX500Principal().getName())
                            .results()
                            .findFirst()
                            .orElseThrow()
                            .group(1)
                    + "\",serial_number=\"" + io.certwiz.x509.CertificateDetails.serialHex(leaf)
                    + "\",thumbprint=\"" + thumbprint + "\",usage=\"WebServicesInternal\",store=\"personal\"}";
            assertThat(value(metrics, "x509_cert_not_after" + labels))
                    .isEqualTo(leaf.getNotAfter().toInstant().getEpochSecond());
            assertThat(value(metrics, "x509_cert_not_before" + labels))
                    .isEqualTo(leaf.getNotBefore().toInstant().getEpochSecond());
            assertThat(value(metrics, "x509_cert_expired" + labels)).isZero();
            // CA certificates too.
            assertThat(metrics)
                    .contains("thumbprint=\""
                            + io.certwiz.x509.Thumbprint.of(root).hex() + "\"");
            assertThat(metrics).contains("# TYPE certwiz_renewal_failures_total counter");
            assertThat(metrics).contains("# TYPE certwiz_renewal_last_success_timestamp_seconds gauge");
            assertThat(value(metrics, "certwiz_usage_ready{usage=\"WebServicesInternal\"}"))
                    .isEqualTo(1);
            assertThat(value(metrics, "certwiz_usage_ready{usage=\"Default\"}")).isZero();
            assertThat(value(metrics, "certwiz_usage_ready{usage=\"OAuthTokenIssuer\"}"))
                    .isZero();
            assertThat(metrics).containsPattern("(?m)^certwiz_crl_next_update_timestamp_seconds \\d+$");

            // The alerts the server's round opens are counted.
            server.server().tick();
            assertThat(value(metrics(server), "certwiz_alerts_open{severity=\"warning\"}"))
                    .isEqualTo(3);
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
