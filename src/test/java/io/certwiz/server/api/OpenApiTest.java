package io.certwiz.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.server.ServerTestAccess;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.TestServer;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAPI 3.1 document describes every route ApiRoutes installs, and nothing that is not there. */
class OpenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode document() throws Exception {
        try (InputStream in = OpenApiTest.class.getResourceAsStream("/io/certwiz/server/api/openapi.json")) {
            assertThat(in).as("the openapi.json resource").isNotNull();
            return JSON.readTree(in);
        }
    }

    @Test
    void everyRouteIsDocumented() throws Exception {
        JsonNode doc = document();
        assertThat(doc.path("openapi").asText()).startsWith("3.1");
        JsonNode paths = doc.path("paths");
        List<ServerTestAccess.Route> routes = ServerTestAccess.apiRoutes();
        assertThat(routes).isNotEmpty();
        Set<String> documented = new HashSet<>();
        paths.properties()
                .forEach(path -> path.getValue().properties().forEach(method -> {
                    if (!method.getKey().equals("parameters")) {
                        documented.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                    }
                }));
        for (ServerTestAccess.Route route : routes) {
            String key = route.method() + " " + route.path();
            assertThat(documented).as("documented routes").contains(key);
            JsonNode operation = paths.path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
            assertThat(operation.path("operationId").asText()).as(key).isNotBlank();
            boolean open = route.path().equals(ApiRoutes.OPENAPI_PATH);
            assertThat(operation.path("responses").has("401"))
                    .as(key + " documents 401")
                    .isEqualTo(!open);
            if (open) {
                assertThat(operation.path("security").isArray()
                                && operation.path("security").isEmpty())
                        .as(key + " needs no credentials")
                        .isTrue();
            }
            // Path parameters are declared, with the names the code uses.
            for (String name : parameters(route.path())) {
                List<String> declared = new ArrayList<>();
                paths.path(route.path())
                        .path("parameters")
                        .forEach(p -> declared.add(p.path("name").asText()));
                operation
                        .path("parameters")
                        .forEach(p -> declared.add(p.path("name").asText()));
                assertThat(declared).as(key).contains(name);
            }
            if (route.method().equals("POST") && !route.path().endsWith("reset-token")) {
                assertThat(operation.path("requestBody").path("content").isObject())
                        .as(key + " request body")
                        .isTrue();
                assertThat(operation.path("responses").has("413"))
                        .as(key + " documents 413")
                        .isTrue();
            }
            if (!route.method().equals("GET")) {
                assertThat(operation.path("responses").has("403"))
                        .as(key + " documents the CSRF 403")
                        .isTrue();
            }
        }
        // Nothing documented that the code does not serve (besides /metrics, outside /api/v1).
        Set<String> served = new HashSet<>();
        routes.forEach(r -> served.add(r.method() + " " + r.path()));
        served.add("GET /metrics");
        assertThat(served).containsAll(documented);
    }

    @Test
    void securityAndProblemsAreDescribed() throws Exception {
        JsonNode doc = document();
        JsonNode bearer = doc.path("components").path("securitySchemes").path("bearerAuth");
        assertThat(bearer.path("type").asText()).isEqualTo("http");
        assertThat(bearer.path("scheme").asText()).isEqualTo("bearer");
        assertThat(doc.path("security").toString()).contains("bearerAuth");
        for (String name :
                List.of("BadRequest", "Unauthorized", "Forbidden", "NotFound", "Refused", "TooLarge", "TooMany")) {
            assertThat(doc.path("components")
                            .path("responses")
                            .path(name)
                            .path("content")
                            .has("application/problem+json"))
                    .as(name)
                    .isTrue();
        }
        // Every $ref resolves.
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void servedAtApiV1OpenapiJson(@TempDir Path dir) throws Exception {
        try (TestServer server = TestServer.start(dir)) {
            Api api = new Api(server);
            HttpResponse<String> served = api.get("/api/v1/openapi.json");
            assertThat(served.statusCode()).isEqualTo(200);
            assertThat(served.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            assertThat(Api.json(served)).isEqualTo(document());
            // It carries no secret: read without credentials, with the security headers of every answer.
            HttpResponse<String> anonymous = api.send(api.request("/api/v1/openapi.json"));
            assertThat(anonymous.statusCode()).as(anonymous.body()).isEqualTo(200);
            assertThat(Api.json(anonymous)).isEqualTo(document());
            assertThat(anonymous.headers().firstValue("Content-Security-Policy").orElse(""))
                    .contains("frame-ancestors 'none'");
            assertThat(anonymous.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(anonymous.headers().firstValue("Cache-Control").orElse(""))
                    .contains("no-store");
            // Only the document: what is beside it still needs credentials, and so does a change to it.
            assertThat(api.send(api.request("/api/v1/openapi.json/x")).statusCode())
                    .isEqualTo(401);
            assertThat(api.send(api.request("/api/v1/openapi.json")
                                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")))
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    static List<String> parameters(String path) {
        List<String> out = new ArrayList<>();
        var m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static void collectRefs(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    out.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, out));
        }
    }
}
