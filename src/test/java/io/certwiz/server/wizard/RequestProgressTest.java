package io.certwiz.server.wizard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.Certwiz;
import io.certwiz.InitService;
import io.certwiz.acme.client.AcmeAccountRecord;
import io.certwiz.crypto.KeyVault;
import io.certwiz.server.CertwizServer;
import io.certwiz.server.ServeOptions;
import io.certwiz.server.support.Api;
import io.certwiz.server.support.Tls;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.jdbc.SqlKeyRecords;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The progress page of an online request to an ACME CA, over plain HTTP with two browser sessions: the
 * request runs in the background and belongs to the session that submitted it, the page and its JSON
 * twin show the task, the steps and the status lines, a session runs a bounded number at once, and a
 * CA that cannot be reached ends on the page with the same one-line error the form shows.
 */
class RequestProgressTest {
    private static final Pattern PROGRESS = Pattern.compile("/request/progress/([A-Za-z0-9_-]{32})");

    @TempDir
    Path dir;

    @Test
    void aRunningRequestBelongsToItsSessionAndItsJsonTwinFollowsIt() throws Exception {
        // A CA that accepts connections and never answers: the request stays running (30 s network timeout).
        try (Server server = Server.start(dir);
                ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String directory = "https://127.0.0.1:" + silent.getLocalPort() + "/dir";
            addAcmeCa(server, "slow-acme", directory);
            WebSession alice = WebSession.login(server);
            WebSession bob = WebSession.login(server);

            HttpResponse<String> submitted = alice.submit("slow-acme");
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
            String location = submitted.headers().firstValue("Location").orElseThrow();
            Matcher matcher = PROGRESS.matcher(location);
            assertThat(matcher.matches()).as(location).isTrue();
            String id = matcher.group(1);

            JsonNode state = alice.awaitJson(location, s -> s.path("lines").size() >= 2);
            List<String> fields = new ArrayList<>();
            state.fieldNames().forEachRemaining(fields::add);
            assertThat(fields)
                    .containsExactly(
                            "id", "ca", "task", "state", "done", "total", "lines", "omittedLines", "location", "error");
            assertThat(state.path("id").asText()).isEqualTo(id);
            assertThat(state.path("ca").asText()).isEqualTo("slow-acme");
            assertThat(state.path("task").asText()).isEqualTo("Requesting from slow-acme");
            assertThat(state.path("state").asText()).isEqualTo("running");
            assertThat(state.path("done").asInt()).isZero();
            assertThat(state.path("total").asInt())
                    .as("one step per name, then finalize and download")
                    .isEqualTo(3);
            assertThat(texts(state.path("lines")))
                    .startsWith("Requesting from slow-acme", "ordering a certificate for dns:" + Server.FQDN);
            assertThat(state.path("omittedLines").asInt()).isZero();
            assertThat(state.path("location").isNull()).isTrue();
            assertThat(state.path("error").isNull()).isTrue();

            HttpResponse<String> page = alice.get(location, "text/html");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body())
                    .contains("<title>Online Certificate Request in Progress - certwiz</title>")
                    .contains("<progress id=\"progress-bar\" aria-labelledby=\"progress-task\" max=\"3\" value=\"0\">")
                    .contains("<h2 id=\"progress-task\">Requesting from slow-acme</h2>")
                    .contains("<li>ordering a certificate for dns:" + Server.FQDN + "</li>")
                    .contains("data-json=\"" + location + "/json\"")
                    .contains("<noscript><meta http-equiv=\"refresh\" content=\"3\"></noscript>");
            // The page's one script runs by its nonce; every other wizard page allows none.
            String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
            Matcher nonce = Pattern.compile("script-src 'nonce-([A-Za-z0-9+/=]+)'; connect-src 'self'")
                    .matcher(csp);
            assertThat(nonce.find()).as(csp).isTrue();
            assertThat(page.body()).contains("<script nonce=\"" + nonce.group(1) + "\">");
            assertThat(csp).startsWith("default-src 'none'");
            assertThat(alice.get("/request", "text/html").headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(other -> assertThat(other).doesNotContain("script-src"));

            // Another session, an API client, no session: not theirs to see.
            assertThat(bob.get(location, "text/html").statusCode()).isEqualTo(404);
            HttpResponse<String> bobsJson = bob.get(location + "/json", "application/json");
            assertThat(bobsJson.statusCode()).isEqualTo(404);
            assertThat(Api.json(bobsJson).path("detail").asText()).contains("no such online request");
            HttpResponse<String> bearer = WebSession.bearer(server, location + "/json");
            assertThat(bearer.statusCode()).as("an API client").isEqualTo(404);
            HttpResponse<String> anonymous = WebSession.anonymous(server, location + "/json");
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(alice.get("/request/progress/" + "A".repeat(32), "text/html")
                            .statusCode())
                    .isEqualTo(404);

            // At most three running per session; the fourth is refused on the form, the others go on.
            assertThat(alice.submit("slow-acme").statusCode()).isEqualTo(303);
            assertThat(alice.submit("slow-acme").statusCode()).isEqualTo(303);
            HttpResponse<String> fourth = alice.submit("slow-acme");
            assertThat(fourth.statusCode()).isEqualTo(422);
            assertThat(fourth.body())
                    .contains("<title>Certificate Request - certwiz</title>")
                    .contains("role=\"alert\"")
                    .contains("3 online requests are running in this session already (at most 3 at once)");
            assertThat(bob.submit("slow-acme").statusCode())
                    .as("bob's own limit")
                    .isEqualTo(303);
            assertThat(alice.awaitJson(location, s -> true).path("state").asText())
                    .isEqualTo("running");
        }
    }

    @Test
    void anUnreachableAcmeCaEndsOnTheProgressPageWithTheErrorAndTheWayBackToTheForm() throws Exception {
        try (Server server = Server.start(dir)) {
            int closed;
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = socket.getLocalPort();
            }
            String directory = "https://127.0.0.1:" + closed + "/dir";
            addAcmeCa(server, "down-acme", directory);
            WebSession session = WebSession.login(server);
            HttpResponse<String> submitted = session.submit("down-acme");
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
            String location = submitted.headers().firstValue("Location").orElseThrow();
            assertThat(location).matches(PROGRESS.pattern());

            JsonNode state =
                    session.awaitJson(location, s -> !s.path("state").asText().equals("running"));
            String message =
                    "cannot reach the CA down-acme at " + directory + " while placing the order: connection refused";
            assertThat(state.path("state").asText()).isEqualTo("failed");
            assertThat(state.path("location").isNull()).isTrue();
            assertThat(state.path("error").path("message").asText()).isEqualTo(message);
            assertThat(state.path("error").path("problems").isArray()).isTrue();
            assertThat(texts(state.path("lines"))).startsWith("Requesting from down-acme");

            HttpResponse<String> page = session.get(location, "text/html");
            assertThat(page.statusCode()).isEqualTo(400);
            assertThat(page.body())
                    .contains("<title>Online Certificate Request Failed - certwiz</title>")
                    .contains("<div role=\"alert\"><p class=\"error\"><strong>" + message + "</strong></p>")
                    .contains("<li>Requesting from down-acme</li>")
                    .contains("<form method=\"get\" action=\"/request\">")
                    .contains("<input type=\"hidden\" name=\"ca\" value=\"down-acme\">")
                    .contains("<input type=\"hidden\" name=\"key\" value=\"ec-p256\">")
                    .contains("id=\"back-to-form\"")
                    .doesNotContain("Exception")
                    .doesNotContain("<script")
                    .doesNotContain("<progress");
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).doesNotContain("script-src"));

            // The way back: the form again, filled as it was.
            HttpResponse<String> form = session.get(
                    "/request?mode=online&usage=Default&ca=down-acme&key=ec-p256&friendlyName=", "text/html");
            assertThat(form.statusCode()).isEqualTo(200);
            assertThat(form.body()).contains("<option value=\"down-acme\" selected>");
        }
    }

    @Test
    void theEmbeddedCaStillIssuesAtOnceWithoutAProgressPage() throws Exception {
        try (Server server = Server.start(dir)) {
            WebSession session = WebSession.login(server);
            HttpResponse<String> submitted = session.submit("embedded");
            assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(303);
            assertThat(submitted.headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).matches("/request/status/[0-9A-F]{40}\\?usage=Default"));
        }
    }

    /** Registers an ACME CA without asking it (an account record with a sealed key), as certwiz ca add keeps it. */
    private static void addAcmeCa(Server server, String name, String directory) throws Exception {
        KeyVault vault = new KeyVault(server.data.readMasterKey());
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        server.certwiz.store().write(tx -> {
            long keyId = new SqlKeyRecords()
                    .add(tx, "EC", keys.getPublic().getEncoded(), vault.seal(keys.getPrivate()), false, Instant.now());
            server.certwiz
                    .acmeClientRecords()
                    .addAccount(
                            tx,
                            new AcmeAccountRecord(
                                    name,
                                    directory,
                                    directory.replace("/dir", "/acct/1"),
                                    keyId,
                                    List.of(),
                                    null,
                                    null,
                                    null,
                                    null,
                                    Instant.now()));
            return null;
        });
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    /**
     * A server on loopback over a fresh data directory, with the plain-HTTP listener that answers
     * http-01 (so that an ACME request never binds a responder of its own).
     */
    private static final class Server implements AutoCloseable {
        static final String FQDN = "localhost.localdomain";
        final DataDirectory data;
        final String token;
        final Certwiz certwiz;
        final CertwizServer server;

        private Server(Path dir) {
            data = new DataDirectory(dir.resolve("data"));
            token = InitService.init(
                            data,
                            new InitService.Options(ServerIdentity.of(FQDN, null, null, null, List.of()), true, false))
                    .adminToken();
            certwiz = Certwiz.open(data);
            try {
                server = CertwizServer.start(certwiz, new ServeOptions("127.0.0.1", 0, 0, 0).withHttpPort(0));
            } catch (RuntimeException e) {
                certwiz.close();
                throw e;
            }
        }

        static Server start(Path dir) {
            return new Server(dir);
        }

        @Override
        public void close() {
            try {
                server.close();
            } finally {
                certwiz.close();
            }
        }
    }

    /** A browser's session: the cookie from logging in and the CSRF token the pages carry. */
    private static final class WebSession {
        private final HttpClient client = Tls.insecureHttpClient();
        private final Server server;
        private String cookie;
        private String csrf;

        private WebSession(Server server) {
            this.server = server;
        }

        static WebSession login(Server server) {
            WebSession session = new WebSession(server);
            HttpResponse<String> login = session.send(HttpRequest.newBuilder(session.uri("/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("token=" + encode(server.token))));
            assertThat(login.statusCode()).isEqualTo(302);
            session.cookie =
                    login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
                    .matcher(session.get("/", "text/html").body());
            assertThat(csrf.find()).isTrue();
            session.csrf = csrf.group(1);
            return session;
        }

        /** A GET with no session at all. */
        static HttpResponse<String> anonymous(Server server, String path) {
            WebSession none = new WebSession(server);
            return none.send(HttpRequest.newBuilder(none.uri(path))
                    .header("Accept", "application/json")
                    .GET());
        }

        /** A GET as an API client, with the admin token. */
        static HttpResponse<String> bearer(Server server, String path) {
            WebSession api = new WebSession(server);
            return api.send(HttpRequest.newBuilder(api.uri(path))
                    .header("Authorization", "Bearer " + server.token)
                    .GET());
        }

        URI uri(String path) {
            return URI.create("https://127.0.0.1:" + server.server.port(Usage.WebServicesInternal) + path);
        }

        HttpResponse<String> get(String path, String accept) {
            return send(HttpRequest.newBuilder(uri(path))
                    .header("Cookie", cookie)
                    .header("Accept", accept)
                    .GET());
        }

        /** The summary's submit of an online request for the Default usage. */
        HttpResponse<String> submit(String ca) {
            String form = "_csrf=" + encode(csrf) + "&mode=online&usage=Default&ca=" + encode(ca)
                    + "&key=ec-p256&friendlyName=";
            return send(HttpRequest.newBuilder(uri("/request"))
                    .header("Cookie", cookie)
                    .header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)));
        }

        /** Polls the page's JSON twin until {@code until} holds. */
        JsonNode awaitJson(String page, Predicate<JsonNode> until) throws InterruptedException {
            Instant limit = Instant.now().plus(Duration.ofSeconds(20));
            JsonNode last = null;
            while (Instant.now().isBefore(limit)) {
                HttpResponse<String> response = get(page + "/json", "application/json");
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(response.headers().firstValue("Content-Type"))
                        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
                last = Api.json(response);
                if (until.test(last)) {
                    return last;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("the job did not get there: " + last);
        }

        private HttpResponse<String> send(HttpRequest.Builder request) {
            try {
                return client.send(
                        request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        private static String encode(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }
}
