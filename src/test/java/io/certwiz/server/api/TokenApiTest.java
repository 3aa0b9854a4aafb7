package io.certwiz.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.testing.Cli;
import io.certwiz.usage.Usage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The running server issues and verifies OAuthTokenIssuer tokens through the API, publishes the keys as a
 * JWKS on the public listener (no login), and stages a roll-over as the CLI does, refusing the same way.
 */
class TokenApiTest {
    @TempDir
    static Path dir;

    static TestServer server;
    static Api api;
    static Cli cli;
    static String current;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        api = new Api(server);
        cli = new Cli(server.dataDir());
        current = server.request(List.of(Usage.OAuthTokenIssuer), true, false);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> publicJwks() {
        try {
            return Tls.insecureHttpClient()
                    .send(
                            HttpRequest.newBuilder(server.uri(Usage.WebServicesExternal, "/.well-known/jwks.json"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void issuedTokensVerifyThroughTheApiAndWithThePublicJwks() throws Exception {
        HttpResponse<String> issued = api.post("/api/v1/tokens", "{\"audience\":\"https://sharepoint.example.com\"}");
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(201);
        JsonNode token = Api.json(issued);
        assertThat(token.path("kid").asText()).isEqualTo(current);
        assertThat(token.path("algorithm").asText()).isEqualTo("ES256");

        JsonNode verdict = Api.json(api.post(
                "/api/v1/tokens/verify",
                Api.json(java.util.Map.of(
                        "token", token.path("token").asText(), "audience", "https://sharepoint.example.com"))));
        assertThat(verdict.path("valid").asBoolean()).as(verdict.toString()).isTrue();

        HttpResponse<String> jwks = publicJwks();
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.headers().firstValue("Content-Type").orElse("")).startsWith("application/jwk-set+json");
        JWKSet set = JWKSet.parse(jwks.body());
        SignedJWT jwt = SignedJWT.parse(token.path("token").asText());
        assertThat(jwt.verify(new ECDSAVerifier(set.getKeyByKeyId(current).toECKey())))
                .isTrue();
        assertThat(set.getKeys()).allMatch(k -> !k.isPrivate());
        assertThat(api.get("/api/v1/tokens/jwks").body()).isEqualTo(jwks.body());
        // The API needs a login; the JWKS does not.
        assertThat(api.send(api.request("/api/v1/tokens/jwks")).statusCode()).isEqualTo(401);

        assertThat(api.post("/api/v1/tokens", "{}").statusCode()).isEqualTo(400);
        JsonNode bad = Api.json(api.post("/api/v1/tokens/verify", "{\"token\":\"x.y.z\"}"));
        assertThat(bad.path("valid").asBoolean()).isFalse();
    }

    @Test
    void aRollIsStagedAndRefusedAsTheCliDoes() throws Exception {
        String next = server.request(List.of(Usage.OAuthTokenIssuer), false, false);
        JsonNode row = null;
        for (JsonNode r : Api.json(api.get("/api/v1/usages"))) {
            if (r.path("usage").asText().equals("OAuthTokenIssuer")) {
                row = r;
            }
        }
        String currentNow = row.path("thumbprint").asText();
        Instant expires = Instant.parse(row.path("notAfter").asText());
        String late = expires.minus(Duration.ofHours(2)).toString();
        ApiCliParityTest.sameFailure(
                cli.run("assign", next, "--usage", "OAuthTokenIssuer", "--roll", "--effective-date", late, "--json"),
                api.post(
                        "/api/v1/assignments",
                        "{\"thumbprint\":\"" + next + "\",\"usages\":[\"OAuthTokenIssuer\"],\"roll\":true,"
                                + "\"effectiveDate\":\"" + late + "\"}"),
                3,
                422);

        String effective = Instant.now().plus(Duration.ofDays(1)).toString();
        HttpResponse<String> staged = api.post(
                "/api/v1/assignments",
                "{\"thumbprint\":\"" + next + "\",\"usages\":[\"OAuthTokenIssuer\"],\"roll\":true,"
                        + "\"effectiveDate\":\"" + effective + "\"}");
        assertThat(staged.statusCode()).as(staged.body()).isEqualTo(201);
        assertThat(Api.json(staged).get(0).path("nextThumbprint").asText()).isEqualTo(next);
        JWKSet set = JWKSet.parse(publicJwks().body());
        assertThat(set.getKeyByKeyId(currentNow)).isNotNull();
        assertThat(set.getKeyByKeyId(next)).isNotNull();

        HttpResponse<String> cancelled = api.delete("/api/v1/assignments/OAuthTokenIssuer?which=next");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(Api.json(cancelled).get(0).path("thumbprint").asText()).isEqualTo(next);
        assertThat(JWKSet.parse(publicJwks().body()).getKeyByKeyId(next)).isNull();
        assertThat(api.delete("/api/v1/assignments/OAuthTokenIssuer?which=sideways")
                        .statusCode())
                .isEqualTo(400);
    }
}
