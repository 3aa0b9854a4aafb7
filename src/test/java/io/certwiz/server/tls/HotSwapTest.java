package io.certwiz.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.server.ServerTestAccess;
import io.certwiz.server.support.CliProcess;
import io.certwiz.server.support.OpenSsl;
import io.certwiz.server.support.RawHttp;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Pem;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real handshakes against the three listeners, from the JDK (HttpClient, SSLSocket) and from
 * {@code openssl s_client}: the temporary certificates first, the assigned ones after assignment,
 * and a swap made by the CLI in another process, which new handshakes see within a second while a
 * connection opened before it keeps working.
 */
class HotSwapTest {
    static final List<Usage> LISTENERS = List.of(Usage.Default, Usage.WebServicesInternal, Usage.WebServicesExternal);

    @TempDir
    static Path dir;

    static TestServer server;
    static Path rootPem;
    static Path clientPem;
    static KeyManager[] clientKeys;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        rootPem = Files.writeString(dir.resolve("root.pem"), Pem.encode(server.root()));
        // The Default listener wants a client certificate: one from the embedded CA, not assigned.
        String client = server.request(List.of(Usage.Default), false, true);
        KeyStore store = server.exportKeyStore(client);
        clientKeys = Tls.keyManagers(store, TestServer.PASSWORD);
        clientPem = Files.write(
                dir.resolve("client.pem"),
                server.certwiz()
                        .exports()
                        .export(new io.certwiz.certificate.ExportService.Request(
                                client,
                                io.certwiz.certificate.ExportService.Format.pem,
                                true,
                                true,
                                TestServer.PASSWORD))
                        .content());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The leaf a new JDK handshake gets (trusting anything, with the client certificate). */
    static String jdkPresented(Usage usage) throws Exception {
        Tls.Recording recording = new Tls.Recording(null);
        Tls.handshake(server.port(usage), Tls.context(recording, clientKeys), null);
        return Tls.sha1(recording.last()[0]);
    }

    static OpenSsl.Handshake openssl(Usage usage, String... verify) {
        List<String> args = new java.util.ArrayList<>(List.of(verify));
        if (usage == Usage.Default) {
            args.addAll(List.of(
                    "-cert",
                    clientPem.toString(),
                    "-key",
                    clientPem.toString(),
                    "-pass",
                    "pass:" + new String(TestServer.PASSWORD)));
        }
        return OpenSsl.connect(server.port(usage), args.toArray(String[]::new));
    }

    @Test
    void listenersPresentTemporaryThenAssignedThenCliSwappedCertificates() throws Exception {
        // 1. Before any assignment: a temporary self-signed certificate per listener, each its own.
        Map<Usage, String> temporary = new EnumMap<>(Usage.class);
        for (Usage usage : LISTENERS) {
            Tls.Recording recording = new Tls.Recording(null);
            Tls.handshake(server.port(usage), Tls.context(recording, clientKeys), null);
            X509Certificate leaf = recording.last()[0];
            assertThat(leaf.getSubjectX500Principal().getName()).contains("certwiz temporary certificate for " + usage);
            assertThat(leaf.getIssuerX500Principal()).isEqualTo(leaf.getSubjectX500Principal());
            String thumbprint = Tls.sha1(leaf);
            assertThat(thumbprint).isEqualTo(ServerTestAccess.presentedThumbprint(server.server(), usage));
            OpenSsl.Handshake openssl = openssl(usage);
            assertThat(openssl.established()).as(openssl.all()).isTrue();
            assertThat(openssl.thumbprint()).isEqualTo(thumbprint);
            temporary.put(usage, thumbprint);
        }
        assertThat(temporary.values()).doesNotHaveDuplicates();

        // 2. After assignment (in this process): each listener presents its own certificate and chain,
        //    which validate to the embedded root, for the JDK and for openssl.
        Map<Usage, String> assigned = new EnumMap<>(Usage.class);
        for (Usage usage : LISTENERS) {
            assigned.put(usage, server.request(List.of(usage), true, false));
        }
        for (Usage usage : LISTENERS) {
            Tls.Recording verifying = new Tls.Recording(server.root());
            X509Certificate[] chain = Tls.handshake(server.port(usage), Tls.context(verifying, clientKeys), null);
            assertThat(Tls.sha1(chain[0])).as(usage.name()).isEqualTo(assigned.get(usage));
            assertThat(chain).as("leaf and intermediate").hasSize(2);
            assertThat(chain[1].getSubjectX500Principal())
                    .isEqualTo(server.certwiz().embeddedCa().intermediate().getSubjectX500Principal());
            OpenSsl.Handshake openssl = openssl(usage, OpenSsl.verifying(rootPem));
            assertThat(openssl.established()).as(openssl.all()).isTrue();
            assertThat(openssl.out()).contains("Verify return code: 0 (ok)");
            assertThat(openssl.thumbprint()).isEqualTo(assigned.get(usage));
        }
        // The JDK HttpClient, trusting only the embedded root, gets the public endpoints.
        HttpClient client = Tls.httpClient(Tls.context(new Tls.Recording(server.root()), clientKeys));
        HttpResponse<String> health = client.send(
                HttpRequest.newBuilder(server.uri(Usage.WebServicesExternal, "/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(Tls.sha1((X509Certificate) health.sslSession().orElseThrow().getPeerCertificates()[0]))
                .isEqualTo(assigned.get(Usage.WebServicesExternal));

        // 3. Connections opened before the swap, with a request answered on each.
        SSLContext trusting = Tls.context(new Tls.Recording(server.root()), clientKeys);
        try (RawHttp internal = new RawHttp(server.port(Usage.WebServicesInternal), trusting);
                RawHttp mutual = new RawHttp(server.port(Usage.Default), trusting)) {
            assertThat(internal.get("/api/v1/usages", server.adminToken()).status())
                    .isEqualTo(200);
            assertThat(mutual.get("/health", null).status()).isEqualTo(200);

            // 4. The CLI, in another JVM, requests a new certificate and then assigns it to all three.
            CliProcess.Result requested = CliProcess.run(
                            server.dataDir(),
                            "request",
                            "--usage",
                            "Default,WebServicesInternal,WebServicesExternal",
                            "--key",
                            "ec-p256",
                            "--no-assign",
                            "--json")
                    .ok();
            String fresh =
                    requested.json().path("certificate").path("thumbprint").asText();
            assertThat(fresh).matches("[0-9A-F]{40}");
            // Nothing changes until it is assigned.
            assertThat(jdkPresented(Usage.WebServicesInternal)).isEqualTo(assigned.get(Usage.WebServicesInternal));

            Map<Usage, Instant> firstSeen = new ConcurrentHashMap<>();
            AtomicBoolean polling = new AtomicBoolean(true);
            Thread poller = Thread.ofPlatform().start(() -> {
                while (polling.get() && firstSeen.size() < LISTENERS.size()) {
                    for (Usage usage : LISTENERS) {
                        try {
                            if (!firstSeen.containsKey(usage)
                                    && jdkPresented(usage).equals(fresh)) {
                                firstSeen.put(usage, Instant.now());
                            }
                        } catch (Exception e) {
                            throw new AssertionError("a handshake failed during the swap", e);
                        }
                    }
                }
            });
            // When the other process's assignment becomes visible in the store (its commit), to within 5 ms.
            AtomicReference<Instant> committedAt = new AtomicReference<>();
            Thread commitWatcher = Thread.ofPlatform().start(() -> {
                try (Connection db = DriverManager.getConnection(
                                "jdbc:sqlite:" + server.dataDir().resolve("certwiz.db"));
                        PreparedStatement query =
                                db.prepareStatement("SELECT COUNT(*) FROM assignments WHERE thumbprint = ?")) {
                    query.setString(1, fresh);
                    while (polling.get() && committedAt.get() == null) {
                        try (ResultSet row = query.executeQuery()) {
                            if (row.next() && row.getInt(1) == LISTENERS.size()) {
                                committedAt.set(Instant.now());
                            }
                        }
                        Thread.sleep(5);
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            CliProcess.run(
                            server.dataDir(),
                            "assign",
                            fresh,
                            "--usage",
                            "Default,WebServicesInternal,WebServicesExternal",
                            "--json")
                    .ok();
            poller.join(Duration.ofSeconds(10));
            polling.set(false);
            commitWatcher.join(Duration.ofSeconds(5));
            assertThat(committedAt.get())
                    .as("the assignment was seen in the store")
                    .isNotNull();
            for (Usage usage : LISTENERS) {
                assertThat(firstSeen)
                        .as("%s switched to the new certificate", usage)
                        .containsKey(usage);
                Duration latency = Duration.between(committedAt.get(), firstSeen.get(usage));
                System.out.println("hot swap by another process: " + usage + " presented the new certificate "
                        + latency.toMillis() + " ms after the assignment was committed");
                assertThat(latency)
                        .as("%s: from assignment to the first handshake with the new certificate", usage)
                        .isLessThan(Duration.ofSeconds(1));
                assertThat(ServerTestAccess.presentedThumbprint(server.server(), usage))
                        .isEqualTo(fresh);
                OpenSsl.Handshake openssl = openssl(usage, OpenSsl.verifying(rootPem));
                assertThat(openssl.established()).as(openssl.all()).isTrue();
                assertThat(openssl.thumbprint()).as(usage.name()).isEqualTo(fresh);
            }

            // 5. The connections opened before the swap go on with what they negotiated.
            RawHttp.Response again = internal.get("/api/v1/usages", server.adminToken());
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.body()).contains(fresh);
            assertThat(Tls.sha1(internal.serverLeaf())).isEqualTo(assigned.get(Usage.WebServicesInternal));
            assertThat(mutual.get("/health", null).status()).isEqualTo(200);
            assertThat(Tls.sha1(mutual.serverLeaf())).isEqualTo(assigned.get(Usage.Default));
        }
    }
}
