package io.certwiz.acme.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.ECKey;
import io.certwiz.Certwiz;
import io.certwiz.InitService;
import io.certwiz.server.CertwizServer;
import io.certwiz.server.ServeOptions;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.SharedStore;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.CertificateReader;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two certwiz servers sharing one PostgreSQL store and one master key, as a pool behind a round-robin
 * load balancer: each accepts the other's nonces, and none accepts a nonce twice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AcmePoolIT {
    static final String BAD_NONCE = "urn:ietf:params:acme:error:badNonce";

    EmbeddedPostgres postgres;
    String jdbcUrl;
    byte[] masterKey;
    final List<Certwiz> certwizes = new ArrayList<>();
    final List<CertwizServer> servers = new ArrayList<>();
    TestAcmeClient.Http01Responder responder;
    SSLContext ssl;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE certwiz_pool");
        }
        jdbcUrl = postgres.getJdbcUrl("postgres", "certwiz_pool");
        // The pool as certwiz init --store-url and certwiz join make it: one shared store, one master key.
        SharedStore shared = new SharedStore(jdbcUrl, "postgres", "postgres");
        ServerIdentity identity =
                ServerIdentity.of("srv.acme.test", null, null, AcmeTestServer.EXTERNAL_NAME, List.of("acme.test"));
        DataDirectory first = new DataDirectory(tmp.resolve("a"));
        InitService.init(first, new InitService.Options(identity, true, false, shared));
        masterKey = first.readMasterKey();
        InitService.join(new DataDirectory(tmp.resolve("b")), shared, masterKey.clone(), false);
        int httpPort = AcmeTestServer.freePort();
        Path hosts = tmp.resolve("acme-hosts");
        Files.writeString(hosts, "127.0.0.1 pool.acme.test\n");
        // Each server has its own data directory holding the pool's master key, and its own connections.
        for (String name : List.of("a", "b")) {
            Certwiz certwiz = Certwiz.open(new DataDirectory(tmp.resolve(name)));
            certwizes.add(certwiz);
            servers.add(CertwizServer.start(
                    certwiz, new ServeOptions("127.0.0.1", 0, 0, 0, hosts, httpPort, AcmeTestServer.freePort())));
        }
        // One certificate for the pool's public listener, in the shared store.
        AcmeTestServer.certifyListener(certwizes.getFirst());
        servers.forEach(CertwizServer::refresh);
        responder = new TestAcmeClient.Http01Responder(httpPort);
        ssl = trusting(certwizes.getFirst().embeddedCa().root());
    }

    @AfterAll
    void stop() throws Exception {
        if (responder != null) {
            responder.close();
        }
        servers.forEach(CertwizServer::close);
        certwizes.forEach(Certwiz::close);
        if (postgres != null) {
            postgres.close();
        }
    }

    static SSLContext trusting(X509Certificate root) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", root);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    String base(int server) {
        return "https://" + AcmeTestServer.EXTERNAL_NAME + ":"
                + servers.get(server).port(Usage.WebServicesExternal);
    }

    /**
     * A client behind a round-robin balancer: every request goes to the next server. The servers listen
     * on different ports, so each URL (and the account URL) is moved onto the server it goes to; behind a
     * real balancer they would be the same.
     */
    final class RoundRobinClient {
        final HttpClient http = HttpClient.newBuilder().sslContext(ssl).build();
        final ECKey key = TestAcmeClient.newKey();
        final List<Integer> servedBy = new ArrayList<>();
        final TestAcmeClient directory = new TestAcmeClient(URI.create(base(0) + AcmeServer.DIRECTORY), ssl);
        int next;
        String kid;
        String nonce;

        String onto(int server, String url) {
            return base(server) + URI.create(url).getRawPath();
        }

        TestAcmeClient.Response post(String url, String payload) {
            int server = next++ % servers.size();
            if (nonce == null) {
                nonce = newNonce(server);
            }
            String target = onto(server, url);
            String body = TestAcmeClient.body(target, payload, key, kid == null ? null : onto(server, kid), nonce);
            TestAcmeClient.Response response = send(target, body);
            servedBy.add(server);
            nonce = response.header("Replay-Nonce");
            return response;
        }

        TestAcmeClient.Response postAsGet(String url) {
            return post(url, "");
        }

        TestAcmeClient.Response send(String url, String body) {
            return directory.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/jose+json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build());
        }
    }

    String newNonce(int server) {
        TestAcmeClient client = new TestAcmeClient(URI.create(base(server) + AcmeServer.DIRECTORY), ssl);
        return client.nonce();
    }

    /** A new-account request to {@code server} with {@code nonce}. */
    TestAcmeClient.Response newAccount(int server, ECKey key, String nonce) {
        TestAcmeClient client = new TestAcmeClient(URI.create(base(server) + AcmeServer.DIRECTORY), ssl);
        String url = client.url("newAccount");
        return client.postBody(url, TestAcmeClient.body(url, "{\"termsOfServiceAgreed\":true}", key, null, nonce));
    }

    @Test
    void aNonceFromOneServerIsAcceptedOnceByTheOther() {
        String fromA = newNonce(0);
        TestAcmeClient.Response atB = newAccount(1, TestAcmeClient.newKey(), fromA);
        assertThat(atB.status()).as(atB.body()).isEqualTo(201);

        TestAcmeClient.Response againAtA = newAccount(0, TestAcmeClient.newKey(), fromA);
        assertThat(againAtA.status()).isEqualTo(400);
        assertThat(againAtA.problemType()).isEqualTo(BAD_NONCE);
        TestAcmeClient.Response againAtB = newAccount(1, TestAcmeClient.newKey(), fromA);
        assertThat(againAtB.problemType()).isEqualTo(BAD_NONCE);
    }

    @Test
    void aTamperedNonceIsRefused() {
        String nonce = newNonce(0);
        char[] chars = nonce.toCharArray();
        chars[10] = chars[10] == 'A' ? 'B' : 'A';
        TestAcmeClient.Response tampered = newAccount(1, TestAcmeClient.newKey(), new String(chars));
        assertThat(tampered.status()).isEqualTo(400);
        assertThat(tampered.problemType()).isEqualTo(BAD_NONCE);
        assertThat(newAccount(1, TestAcmeClient.newKey(), nonce).status()).isEqualTo(201);
    }

    @Test
    void anExpiredNonceIsRefused() {
        // Made with the pool's key, by a clock that long ago: authentic, but too old.
        Clock past = Clock.fixed(
                Instant.now().minus(Nonces.LIFETIME).minus(Duration.ofMinutes(1)), java.time.ZoneOffset.UTC);
        String old = new StoreNonces(certwizes.getFirst().acmeServerStorage(), masterKey::clone, past).next();
        TestAcmeClient.Response expired = newAccount(1, TestAcmeClient.newKey(), old);
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.problemType()).isEqualTo(BAD_NONCE);

        Clock recent = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-20));
        String stillValid = new StoreNonces(certwizes.getFirst().acmeServerStorage(), masterKey::clone, recent).next();
        assertThat(newAccount(1, TestAcmeClient.newKey(), stillValid).status()).isEqualTo(201);
    }

    @Test
    void aNonceRedeemedAtBothServersAtOnceIsAcceptedOnce() throws Exception {
        StoreNonces a = new StoreNonces(certwizes.get(0).acmeServerStorage(), masterKey::clone, Clock.systemUTC());
        StoreNonces b = new StoreNonces(certwizes.get(1).acmeServerStorage(), masterKey::clone, Clock.systemUTC());
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 20; i++) {
                String nonce = a.next();
                CyclicBarrier together = new CyclicBarrier(2);
                Future<Boolean> atA = pool.submit(() -> {
                    together.await();
                    return a.consume(nonce);
                });
                Future<Boolean> atB = pool.submit(() -> {
                    together.await();
                    return b.consume(nonce);
                });
                assertThat(List.of(atA.get(), atB.get())).containsExactlyInAnyOrder(true, false);
            }
        }
    }

    @Test
    void aWholeOrderAlternatingBetweenTheServers() throws Exception {
        RoundRobinClient client = new RoundRobinClient();
        TestAcmeClient.Response account = client.post(
                client.directory.url("newAccount"),
                TestAcmeClient.json(Map.of("termsOfServiceAgreed", true, "contact", List.of("mailto:ops@acme.test"))));
        assertThat(account.status()).as(account.body()).isEqualTo(201);
        client.kid = account.header("Location");

        TestAcmeClient.Response order = client.post(
                client.directory.url("newOrder"),
                TestAcmeClient.json(Map.of("identifiers", List.of(Map.of("type", "dns", "value", "pool.acme.test")))));
        assertThat(order.status()).as(order.body()).isEqualTo(201);
        String orderUrl = order.header("Location");
        JsonNode authorization = client.postAsGet(
                        order.json().path("authorizations").get(0).asText())
                .json();
        for (JsonNode challenge : authorization.path("challenges")) {
            if (challenge.path("type").asText().equals("http-01")) {
                String token = challenge.path("token").asText();
                responder.answers.put(token, token + "." + client.key.computeThumbprint());
                TestAcmeClient.Response answered =
                        client.post(challenge.path("url").asText(), "{}");
                assertThat(answered.status()).as(answered.body()).isEqualTo(200);
            }
        }
        JsonNode ready = poll(client, orderUrl, "pending");
        assertThat(ready.path("status").asText()).as(ready.toString()).isEqualTo("ready");

        TestAcmeClient.Response finalized = client.post(
                ready.path("finalize").asText(),
                TestAcmeClient.json(Map.of(
                        "csr",
                        TestAcmeClient.csr(TestAcmeClient.certificateKey(), "pool.acme.test", "pool.acme.test"))));
        assertThat(finalized.status()).as(finalized.body()).isEqualTo(200);
        JsonNode valid = poll(client, orderUrl, "processing");
        assertThat(valid.path("status").asText()).as(valid.toString()).isEqualTo("valid");
        TestAcmeClient.Response download =
                client.postAsGet(valid.path("certificate").asText());
        assertThat(download.status()).isEqualTo(200);
        List<X509Certificate> chain = CertificateReader.read(download.body().getBytes(StandardCharsets.US_ASCII), null)
                .certificates();
        assertThat(chain.getFirst().getSubjectAlternativeNames())
                .extracting(n -> String.valueOf(n.get(1)))
                .containsExactly("pool.acme.test");

        // Every request went to the other server than the one before, with the nonce that one gave out.
        for (int i = 0; i < client.servedBy.size(); i++) {
            assertThat(client.servedBy.get(i)).isEqualTo(i % 2);
        }
        assertThat(client.servedBy).hasSizeGreaterThanOrEqualTo(7);
    }

    static JsonNode poll(RoundRobinClient client, String url, String whileStatus) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            JsonNode resource = client.postAsGet(url).json();
            if (!resource.path("status").asText().equals(whileStatus)) {
                return resource;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(url + " stayed " + whileStatus);
    }
}
