package io.certwiz.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.request.RequestOutcome;
import io.certwiz.request.RequestSpec;
import io.certwiz.server.ServerTestAccess;
import io.certwiz.server.support.OpenSsl;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.testing.TestTokens;
import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.Pem;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every listener presenting a certificate whose EC P-256 key is on a SoftHSM token: real handshakes with
 * openssl s_client in TLS 1.3 and 1.2, verified against the embedded root; the key managers hold the
 * PKCS#11 key itself; mutual TLS on Default with a client certificate.
 */
class TokenKeyTlsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @org.junit.jupiter.api.io.TempDir
    static Path dir;

    static TestServer server;
    static String thumbprint;
    static Path rootPem;
    static Path clientCert;
    static Path clientKey;
    static String clientThumbprint;

    @BeforeAll
    static void start() throws Exception {
        TestTokens.conf();
        server = TestServer.start(dir);
        TestTokens.configure(server.dataDir(), "hsm", TestTokens.LEAF, null);
        RequestOutcome outcome = server.certwiz()
                .requests()
                .online(RequestSpec.builder(TlsListeners.USAGES)
                        .keyType(KeyType.EC_P256)
                        .keyStore("pkcs11:hsm")
                        .build());
        assertThat(outcome.assignedUsages())
                .containsExactlyInAnyOrderElementsOf(
                        TlsListeners.USAGES.stream().map(Usage::name).toList());
        thumbprint = outcome.certificate().thumbprint();
        server.server().refresh();
        rootPem = Files.writeString(dir.resolve("root.pem"), Pem.encode(server.root()));
        // A software Default certificate from the same CA, exported, for openssl's side of mutual TLS.
        clientThumbprint = server.request(List.of(Usage.Default), false, true);
        var exported = server.certwiz()
                .exports()
                .export(new io.certwiz.certificate.ExportService.Request(
                        clientThumbprint,
                        io.certwiz.certificate.ExportService.Format.pem,
                        false,
                        true,
                        TestServer.PASSWORD));
        clientCert = dir.resolve("client.pem");
        clientKey = dir.resolve("client.key");
        String pem = new String(exported.content(), java.nio.charset.StandardCharsets.US_ASCII);
        Files.writeString(clientCert, pem.substring(0, pem.indexOf("-----END CERTIFICATE-----") + 25) + "\n");
        Files.writeString(clientKey, pem.substring(pem.indexOf("-----BEGIN ENCRYPTED PRIVATE KEY-----")));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Usage.class,
            names = {"Default", "WebServicesInternal", "WebServicesExternal"})
    void theKeyManagerHoldsThePkcs11Key(Usage usage) {
        UsageKeyManager keyManager = ServerTestAccess.listeners(server.server()).keyManager(usage);
        KeyMaterial material = keyManager.current();
        assertThat(material.thumbprint().hex()).isEqualTo(thumbprint);
        PrivateKey key = material.key();
        assertThat(key.getClass().getName()).startsWith("sun.security.pkcs11.");
        assertThat(key.getEncoded()).as("a sensitive token key has no encoding").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_3", "-tls1_2"})
    void everyListenerHandshakesWithTheTokenKey(String version) {
        for (Usage usage : TlsListeners.USAGES) {
            List<String> args = new java.util.ArrayList<>(List.of(version));
            args.addAll(List.of(OpenSsl.verifying(rootPem)));
            if (usage == Usage.Default) {
                args.addAll(List.of(
                        "-cert",
                        clientCert.toString(),
                        "-key",
                        clientKey.toString(),
                        "-pass",
                        "pass:" + new String(TestServer.PASSWORD)));
            }
            OpenSsl.Handshake handshake = OpenSsl.connect(server.port(usage), args.toArray(String[]::new));
            assertThat(handshake.established())
                    .as(usage + " " + version + ":\n" + handshake.all())
                    .isTrue();
            assertThat(handshake.thumbprint()).isEqualTo(thumbprint);
            assertThat(handshake.protocol()).isEqualTo(version.equals("-tls1_3") ? "TLSv1.3" : "TLSv1.2");
            assertThat(handshake.all()).contains("Verify return code: 0 (ok)");
        }
    }

    @Test
    void mutualTlsOnDefaultWithTheTokenKeyAsServerKey() throws Exception {
        var keys = Tls.keyManagers(server.exportKeyStore(clientThumbprint), TestServer.PASSWORD);
        var recording = new Tls.Recording(server.root());
        HttpResponse<String> response = Tls.httpClient(Tls.context(recording, keys))
                .send(
                        HttpRequest.newBuilder(server.uri(Usage.Default, "/peer"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode peer = JSON.readTree(response.body());
        assertThat(peer.path("thumbprint").asText()).isEqualTo(clientThumbprint);
        X509Certificate[] presented = recording.last();
        assertThat(Tls.sha1(presented[0])).isEqualTo(thumbprint);
    }

    @Test
    void aJavaClientNegotiatesTls13WithTheTokenKey() throws Exception {
        var recording = new Tls.Recording(server.root());
        var context = Tls.context(recording, null);
        X509Certificate[] chain = Tls.handshake(server.port(Usage.WebServicesInternal), context, List.of("TLSv1.3"));
        assertThat(Tls.sha1(chain[0])).isEqualTo(thumbprint);
    }
}
