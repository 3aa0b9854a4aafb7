package io.certwiz.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renewal in a running server, through the REST API: the renewed certificate takes over every listener,
 * verified by real handshakes (the Default listener's mutual TLS included); rollback returns a listener
 * to its previous certificate; the wizard's main page shows the renewal state.
 */
class ServedRenewalTest {
    static final List<Usage> LISTENERS = List.of(Usage.Default, Usage.WebServicesInternal, Usage.WebServicesExternal);

    @TempDir
    Path dir;

    TestServer server;
    Api api;

    @BeforeEach
    void start() {
        server = TestServer.start(dir);
        api = new Api(server);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String requestShortLived() {
        HttpResponse<String> response = api.post(
                "/api/v1/requests",
                Api.json(java.util.Map.of(
                        "usages", List.of("Default", "WebServicesInternal", "WebServicesExternal"),
                        "key", "ec-p256",
                        "validity", "10m")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        server.server().refresh();
        return Api.json(response).path("certificate").path("thumbprint").asText();
    }

    @Test
    void aRenewalThroughTheApiIsServedOnEveryListenerAndRollbackReturnsOne() {
        String old = requestShortLived();
        for (Usage usage : LISTENERS) {
            assertThat(Tls.presented(server.port(usage))).isEqualTo(old);
        }
        assertThat(server.server().servedCheck().problems(LISTENERS, new Thumbprint(old)))
                .isEmpty();

        HttpResponse<String> response = api.post("/api/v1/renewals", "{\"all\":true,\"force\":true}");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode outcome = Api.json(response).get(0);
        assertThat(outcome.path("result").asText()).as(response.body()).isEqualTo("RENEWED");
        String renewed = outcome.path("renewedThumbprint").asText();
        for (Usage usage : LISTENERS) {
            assertThat(Tls.presented(server.port(usage))).as(usage.name()).isEqualTo(renewed);
        }
        // The probe really looks: it sees the old certificate is no longer served.
        assertThat(server.server().servedCheck().problems(List.of(Usage.WebServicesInternal), new Thumbprint(old)))
                .singleElement()
                .asString()
                .contains("WebServicesInternal presented " + renewed + " instead of " + old);
        JsonNode usages = Api.json(api.get("/api/v1/usages"));
        assertThat(usages.get(0).path("renewal").path("dueAt").asText()).isNotEmpty();
        JsonNode shown = Api.json(api.get("/api/v1/certificates/" + renewed));
        assertThat(shown.path("replaces").asText()).isEqualTo(old);
        assertThat(Api.json(api.get("/api/v1/renewals/failing"))).isEmpty();
        assertThat(api.get("/").body()).contains("Renewal").contains("due ");

        HttpResponse<String> back = api.post("/api/v1/assignments/WebServicesExternal/rollback", "{}");
        assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
        assertThat(Api.json(back).path("thumbprint").asText()).isEqualTo(old);
        assertThat(Tls.presented(server.port(Usage.WebServicesExternal))).isEqualTo(old);
        assertThat(Tls.presented(server.port(Usage.WebServicesInternal))).isEqualTo(renewed);

        HttpResponse<String> set = api.send(api.authorized("/api/v1/usages/Default/renew-before")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"renewBefore\":\"5m\"}")));
        assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
        assertThat(Api.json(set).path("renewBefore").asText()).isEqualTo("5m");
        HttpResponse<String> bad = api.post("/api/v1/renewals", "{}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("name what to renew");
    }

    @Test
    void theSchedulerRenewsWhatIsDueAndVerifiesIt() throws Exception {
        String old = requestShortLived();
        server.certwiz().renewals().setRenewBefore(Usage.Default, "10m");
        var scheduler =
                new io.certwiz.renewal.RenewalScheduler(server.server()::renewals, java.time.Duration.ofHours(1));

        var outcomes = scheduler.runPass();

        assertThat(outcomes).extracting(o -> o.result().name()).containsExactly("RENEWED");
        String renewed = outcomes.getFirst().renewedThumbprint();
        for (Usage usage : LISTENERS) {
            assertThat(Tls.presented(server.port(usage))).as(usage.name()).isEqualTo(renewed);
        }
        assertThat(server.certwiz().audit().newest(1).getFirst().actor()).isEqualTo("serve:renewal");
        // Ten minutes before expiry is now for a ten-minute certificate: back to the default first.
        server.certwiz().renewals().setRenewBefore(Usage.Default, "default");
        assertThat(scheduler.runPass()).as("nothing due any more").isEmpty();
        scheduler.close();
        assertThat(old).isNotEqualTo(renewed);
    }
}
