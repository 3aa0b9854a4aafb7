package io.certwiz.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.server.ServerTestAccess;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A swap whose certificate cannot be loaded (its stored key is corrupt) keeps the last good
 * certificate in the listener, and says why: in the watcher's status and in /metrics.
 */
class FailedSwapTest {
    @TempDir
    Path dir;

    @Test
    void corruptKeyKeepsLastGoodCertificate() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            int port = server.port(Usage.WebServicesInternal);
            String good = server.request(List.of(Usage.WebServicesInternal), true, false);
            assertThat(Tls.presented(port)).isEqualTo(good);

            String broken = server.request(List.of(Usage.WebServicesInternal), false, false);
            try (Connection db = DriverManager.getConnection(
                            "jdbc:sqlite:" + server.dataDir().resolve("certwiz.db"));
                    PreparedStatement corrupt = db.prepareStatement(
                            "UPDATE private_keys SET sealed = ? WHERE id = (SELECT key_id FROM certificates WHERE thumbprint = ?)")) {
                byte[] garbage = new byte[64];
                garbage[0] = 1;
                corrupt.setBytes(1, garbage);
                corrupt.setString(2, broken);
                assertThat(corrupt.executeUpdate()).isEqualTo(1);
            }
            // The assignment itself passes its checks (the public key matches); loading the key fails.
            server.certwiz().assignments().assign(Thumbprint.parse(broken), List.of(Usage.WebServicesInternal));
            server.server().refresh();

            assertThat(Tls.presented(port)).as("the last good certificate").isEqualTo(good);
            assertThat(ServerTestAccess.presentedThumbprint(server.server(), Usage.WebServicesInternal))
                    .isEqualTo(good);
            assertThat(ServerTestAccess.swapError(server.server(), Usage.WebServicesInternal))
                    .contains("kept the last good certificate")
                    .contains("private key");
            HttpResponse<String> metrics = Tls.insecureHttpClient()
                    .send(
                            HttpRequest.newBuilder(server.uri(Usage.WebServicesInternal, "/metrics"))
                                    .header("Authorization", "Bearer " + server.adminToken())
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).containsPattern("(?m)^certwiz_certificate_swap_failures_total [1-9]");
            assertThat(metrics.body())
                    .contains("certwiz_listener_swap_failing{listener=\"WebServicesInternal\"} 1")
                    .contains("certwiz_listener_swap_failing{listener=\"WebServicesExternal\"} 0");
            // The other listeners are untouched.
            assertThat(ServerTestAccess.swapError(server.server(), Usage.WebServicesExternal))
                    .isNull();

            // A good certificate assigned afterwards is taken, and the failure is cleared.
            String next = server.request(List.of(Usage.WebServicesInternal), true, false);
            assertThat(Tls.presented(port)).isEqualTo(next);
            assertThat(ServerTestAccess.swapError(server.server(), Usage.WebServicesInternal))
                    .isNull();
        }
    }
}
