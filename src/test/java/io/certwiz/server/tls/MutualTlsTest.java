package io.certwiz.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certwiz.server.support.OpenSsl;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.testing.CertFactory;
import io.certwiz.usage.Usage;
import io.certwiz.x509.ExtendedKeyUsage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS on the Default listener: the handshake fails without a client certificate, with one that
 * does not chain to the root store, and with one that lacks clientAuth; it succeeds with a Default
 * certificate from the embedded CA, and /peer names it.
 */
class MutualTlsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
        server.request(List.of(Usage.Default), true, false);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static HttpResponse<String> peer(KeyManager[] keys) throws IOException, InterruptedException {
        return peerOf(server, keys);
    }

    /** GET /peer on {@code server}'s Default listener, with {@code keys} as the client's. */
    static HttpResponse<String> peerOf(TestServer server, KeyManager[] keys) throws IOException, InterruptedException {
        HttpClient client = Tls.httpClient(Tls.context(new Tls.Recording(server.root()), keys));
        return client.send(
                HttpRequest.newBuilder(server.uri(Usage.Default, "/peer")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static KeyManager[] keysOf(X509Certificate certificate, java.security.PrivateKey key, X509Certificate... chain)
            throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        X509Certificate[] full = new X509Certificate[chain.length + 1];
        full[0] = certificate;
        System.arraycopy(chain, 0, full, 1, chain.length);
        store.setKeyEntry("client", key, TestServer.PASSWORD, full);
        return Tls.keyManagers(store, TestServer.PASSWORD);
    }

    @Test
    void refusedWithoutClientCertificate() {
        assertThatThrownBy(() -> peer(null)).isInstanceOf(IOException.class);
        OpenSsl.Handshake openssl = OpenSsl.connect(server.port(Usage.Default), "-tls1_2");
        assertThat(openssl.established()).as(openssl.all()).isFalse();
    }

    @Test
    void refusedWithUntrustedCertificate() throws Exception {
        CertFactory.Issued outsideRoot = CertFactory.root("outside root");
        CertFactory.Issued selfSigned = CertFactory.root(TestServer.FQDN);
        assertThatThrownBy(() -> peer(keysOf(selfSigned.certificate(), selfSigned.key())))
                .isInstanceOf(IOException.class);
        // A proper client certificate with clientAuth, from a CA this server does not trust.
        CertFactory.Issued outsideLeaf = CertFactory.leaf(outsideRoot, List.of(TestServer.FQDN));
        assertThatThrownBy(() -> peer(keysOf(outsideLeaf.certificate(), outsideLeaf.key(), outsideRoot.certificate())))
                .isInstanceOf(IOException.class);
    }

    @Test
    void refusedWithoutClientAuth() throws Exception {
        // A WebServicesInternal certificate from the embedded CA: serverAuth only.
        String thumbprint = server.request(List.of(Usage.WebServicesInternal), false, true);
        KeyStore store = server.exportKeyStore(thumbprint);
        X509Certificate leaf =
                (X509Certificate) store.getCertificate(store.aliases().nextElement());
        assertThat(ExtendedKeyUsage.CLIENT_AUTH.permittedBy(leaf)).isFalse();
        assertThatThrownBy(() -> peer(Tls.keyManagers(store, TestServer.PASSWORD)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void acceptedWithDefaultCertificateFromEmbeddedCa() throws Exception {
        String thumbprint = server.request(List.of(Usage.Default), false, true);
        HttpResponse<String> response = peer(Tls.keyManagers(server.exportKeyStore(thumbprint), TestServer.PASSWORD));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("thumbprint").asText()).isEqualTo(thumbprint);
        assertThat(body.path("subject").asText()).contains(TestServer.FQDN);
        HttpResponse<String> health = Tls.httpClient(Tls.context(
                        new Tls.Recording(server.root()),
                        Tls.keyManagers(server.exportKeyStore(thumbprint), TestServer.PASSWORD)))
                .send(
                        HttpRequest.newBuilder(server.uri(Usage.Default, "/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }

    /** Issue 11: a client certificate its own CA revoked is refused at the door in a real handshake. */
    @Test
    void refusedOnceTheEmbeddedCaRevokedTheClientCertificate() throws Exception {
        String thumbprint = server.request(List.of(Usage.Default), false, true);
        KeyManager[] keys = Tls.keyManagers(server.exportKeyStore(thumbprint), TestServer.PASSWORD);
        assertThat(peer(keys).statusCode()).as("accepted before the revocation").isEqualTo(200);

        server.certwiz()
                .revocations()
                .revoke(io.certwiz.x509.Thumbprint.parse(thumbprint), io.certwiz.ca.RevocationReason.keyCompromise);

        assertThatThrownBy(() -> peer(keys))
                .as("a new handshake with the revoked certificate")
                .isInstanceOf(IOException.class);
        String other = server.request(List.of(Usage.Default), false, true);
        assertThat(peer(Tls.keyManagers(server.exportKeyStore(other), TestServer.PASSWORD))
                        .statusCode())
                .as("another client certificate of the same CA still gets in")
                .isEqualTo(200);
    }
}
