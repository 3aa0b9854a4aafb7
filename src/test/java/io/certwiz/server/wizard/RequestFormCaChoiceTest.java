package io.certwiz.server.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.acme.client.AcmeAccountRecord;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.TestServer;
import io.certwiz.store.jdbc.SqlKeyRecords;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wizard's request form offers every registered ACME CA beside the embedded one. */
class RequestFormCaChoiceTest {
    @Test
    void theCaChoiceListsTheAcmeCas(@TempDir Path dir) {
        try (TestServer server = TestServer.start(dir)) {
            Api api = new Api(server);
            HttpResponse<String> before = api.get("/request");
            assertThat(before.statusCode()).isEqualTo(200);
            assertThat(before.body()).contains("<option value=\"embedded\"").doesNotContain("lab-acme");
            assertThat(before.body())
                    .contains("<select id=\"challenge\" name=\"challenge\">")
                    .contains("<option value=\"http-01\" selected>")
                    .contains("<option value=\"tls-alpn-01\"");

            server.certwiz().store().write(tx -> {
                long keyId = new SqlKeyRecords()
                        .add(
                                tx,
                                io.certwiz.crypto.KeyOwner.ACME_ACCOUNT,
                                "EC",
                                new byte[] {1},
                                new byte[] {2},
                                false,
                                Instant.now());
                server.certwiz()
                        .acmeClientRecords()
                        .addAccount(
                                tx,
                                new AcmeAccountRecord(
                                        "lab-acme",
                                        "https://acme.lab.example/directory",
                                        "https://acme.lab.example/acct/1",
                                        keyId,
                                        List.of(),
                                        null,
                                        null,
                                        null,
                                        null,
                                        Instant.now()));
                return null;
            });

            HttpResponse<String> after = api.get("/request");
            assertThat(after.body())
                    .contains("<option value=\"embedded\"")
                    .contains("<option value=\"lab-acme\"")
                    .contains("https://acme.lab.example/directory");
        }
    }
}
