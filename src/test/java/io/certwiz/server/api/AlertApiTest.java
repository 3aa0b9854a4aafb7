package io.certwiz.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.TestServer;
import io.certwiz.testing.Cli;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /api/v1/alerts mirrors certwiz alerts: the same channels, the same refusals. */
class AlertApiTest {
    @TempDir
    Path dir;

    @Test
    void channelsThroughTheApiAsThroughTheCli() throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            Api api = new Api(server);
            Cli cli = new Cli(server.dataDir());
            HttpResponse<String> added =
                    api.post("/api/v1/alerts/webhooks", "{\"name\":\"ops\",\"url\":\"https://hooks.example.com/x\"}");
            assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
            String key = Api.json(added).path("hmacKey").asText();
            assertThat(key).matches("[0-9a-f]{64}");

            JsonNode viaApi = Api.json(api.get("/api/v1/alerts"));
            JsonNode viaCli = cli.run("alerts", "list", "--json").ok().json();
            assertThat(viaApi.path("channels")).isEqualTo(viaCli.path("channels"));
            assertThat(viaApi.toString()).doesNotContain(key);

            ApiCliParityTest.sameFailure(
                    cli.run("alerts", "add-webhook", "ops", "--url", "https://hooks.example.com/x", "--json"),
                    api.post("/api/v1/alerts/webhooks", "{\"name\":\"ops\",\"url\":\"https://hooks.example.com/x\"}"),
                    3,
                    422);
            ApiCliParityTest.sameFailure(
                    cli.run("alerts", "remove", "nope", "--json"), api.delete("/api/v1/alerts/channels/nope"), 4, 404);

            HttpResponse<String> set = api.post("/api/v1/alerts/thresholds", "{\"repeat\":\"6h\"}");
            assertThat(Api.json(set).path("repeat").asText()).isEqualTo("PT6H");
            assertThat(api.delete("/api/v1/alerts/channels/ops").statusCode()).isEqualTo(200);
            assertThat(Api.json(api.get("/api/v1/alerts")).path("channels")).isEmpty();
        }
    }
}
