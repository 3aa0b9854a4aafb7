package io.certwiz.acme.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.store.jdbc.SqlAuditLog;
import io.certwiz.store.jdbc.SqlKeyRecords;
import io.certwiz.testing.CertFactory;
import io.certwiz.usage.Usage;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.shredzone.acme4j.Identifier;
import org.shredzone.acme4j.util.CertificateUtils;

/** certwiz's challenge responders, the running server's hook, and the small pieces of the ACME client. */
class ResponderTest {
    @TempDir
    Path temp;

    @Test
    void http01ResponderServesTheKeyAuthorizationOfKnownTokensOnly() throws Exception {
        try (StandaloneResponder responder =
                StandaloneResponder.start(ChallengeType.HTTP_01, new ResponderAddress("127.0.0.1", 0))) {
            responder.addHttp01("dns:a.example", "tok3n", "tok3n.thumb");
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + responder.port() + "/.well-known/acme-challenge/";
            HttpResponse<String> found = http.send(
                    HttpRequest.newBuilder(URI.create(base + "tok3n")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(found.body()).isEqualTo("tok3n.thumb");
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create(base + "other"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(404);
            responder.remove("dns:a.example");
            assertThat(http.send(
                                    HttpRequest.newBuilder(URI.create(base + "tok3n"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void tlsAlpn01ResponderPresentsTheChallengeCertificateOnlyOverAcmeTls1() throws Exception {
        try (StandaloneResponder responder =
                StandaloneResponder.start(ChallengeType.TLS_ALPN_01, new ResponderAddress("127.0.0.1", 0))) {
            responder.addTlsAlpn01(Identifier.dns("a.example"), "tok3n.thumb");
            try (SSLSocket socket = client(responder.port(), "a.example", "acme-tls/1")) {
                socket.startHandshake();
                assertThat(socket.getApplicationProtocol()).isEqualTo("acme-tls/1");
                assertIsChallengeCertificate(
                        (X509Certificate) socket.getSession().getPeerCertificates()[0], "a.example", "tok3n.thumb");
            }
            try (SSLSocket socket = client(responder.port(), "a.example", "http/1.1")) {
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
            try (SSLSocket socket = client(responder.port(), "b.example", "acme-tls/1")) {
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
            responder.remove("dns:a.example");
            try (SSLSocket socket = client(responder.port(), "a.example", "acme-tls/1")) {
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
        }
    }

    /** The RFC 8737 checks a CA makes: the one name, and the critical acmeIdentifier of SHA-256(keyAuthorization). */
    static void assertIsChallengeCertificate(X509Certificate certificate, String name, String keyAuthorization)
            throws Exception {
        assertThat(certificate.getSubjectAlternativeNames())
                .singleElement()
                .satisfies(san -> assertThat(san.get(1)).isEqualTo(name));
        assertThat(certificate.getCriticalExtensionOIDs()).contains(CertificateUtils.ACME_VALIDATION.getId());
        byte[] extension = certificate.getExtensionValue(CertificateUtils.ACME_VALIDATION.getId());
        byte[] digest = org.bouncycastle.asn1.ASN1OctetString.getInstance(
                        org.bouncycastle.asn1.ASN1OctetString.getInstance(extension)
                                .getOctets())
                .getOctets();
        assertThat(digest)
                .isEqualTo(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(keyAuthorization.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aPortInUseFailsBeforeAnythingIsOrdered() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> StandaloneResponder.start(
                            ChallengeType.HTTP_01, new ResponderAddress("127.0.0.1", taken.getLocalPort())))
                    .isInstanceOf(CertwizException.class)
                    .hasMessageContaining("cannot start the http-01 responder on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("--responder");
        }
    }

    @Test
    void responderAddressesTakeDefaultsPerChallenge() {
        assertThat(ResponderAddress.parse(null, ChallengeType.HTTP_01)).isEqualTo(new ResponderAddress("0.0.0.0", 80));
        assertThat(ResponderAddress.parse(null, ChallengeType.TLS_ALPN_01))
                .isEqualTo(new ResponderAddress("0.0.0.0", 443));
        assertThat(ResponderAddress.parse("127.0.0.1:5002", ChallengeType.HTTP_01))
                .isEqualTo(new ResponderAddress("127.0.0.1", 5002));
        assertThat(ResponderAddress.parse("10.0.0.1", ChallengeType.TLS_ALPN_01))
                .isEqualTo(new ResponderAddress("10.0.0.1", 443));
        assertThat(ResponderAddress.parse(":8080", ChallengeType.HTTP_01))
                .isEqualTo(new ResponderAddress("0.0.0.0", 8080));
        assertThat(ResponderAddress.parse("[::1]:8443", ChallengeType.TLS_ALPN_01))
                .isEqualTo(new ResponderAddress("::1", 8443));
        assertThat(ResponderAddress.parse("[::1]:8443", ChallengeType.TLS_ALPN_01)
                        .toString())
                .isEqualTo("[::1]:8443");
        assertThatThrownBy(() -> ResponderAddress.parse("host:99999", ChallengeType.HTTP_01))
                .isInstanceOfSatisfying(
                        CertwizException.class, e -> assertThat(e.failure()).isEqualTo(Failure.BAD_USAGE));
    }

    @Test
    void ariIdIsTheRfc9773CertificateIdentifier() throws Exception {
        // RFC 9773 section 4.1: AKI 69:88:5B:6B:87:46:40:41:E1:B3:7B:84:7B:A0:AE:2C:DE:01:C8:D4, serial 00:87:65:43:21.
        byte[] keyId = java.util.HexFormat.of().parseHex("69885B6B87464041E1B37B847BA0AE2CDE01C8D4");
        KeyPair keys = CertFactory.ecKey();
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name("CN=issuer"),
                new BigInteger("87654321", 16),
                Date.from(now),
                Date.from(now.plusSeconds(60)),
                new X500Name("CN=leaf"),
                keys.getPublic());
        builder.addExtension(Extension.authorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyId));
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        assertThat(AcmeCa.ariId(certificate)).isEqualTo("aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE");
    }

    @Test
    void sniNamesForIpIdentifiersAreReverseNames() {
        assertThat(TlsAlpnCertificate.sniName(Identifier.dns("a.example"))).isEqualTo("a.example");
        assertThat(TlsAlpnCertificate.sniName(Identifier.ip("192.0.2.1"))).isEqualTo("1.2.0.192.in-addr.arpa");
        assertThat(TlsAlpnCertificate.sniName(Identifier.ip("2001:db8::1")))
                .isEqualTo("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
    }

    @Test
    void theRunningServerAnswersHttp01OnItsPlainHttpListenerWhileItIsUp() throws Exception {
        io.certwiz.store.DataDirectory data;
        try (TestServer server = TestServer.startWithHttp(temp)) {
            data = server.certwiz().data();
            assertThat(ServerPresence.isUp(data, ChallengeType.HTTP_01)).isTrue();
            AcmeClient client = server.certwiz().acme();
            try (ChallengeResponder responder = client.responder(AcmeOptions.defaults())) {
                assertThat(responder).isInstanceOf(StoreResponder.class);
                responder.addHttp01("dns:" + TestServer.FQDN, "t0ken", "t0ken.thumb");
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + server.server().httpPort() + ServerResponders.HTTP01_PATH;
                HttpResponse<String> found = http.send(
                        HttpRequest.newBuilder(URI.create(base + "t0ken")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(found.statusCode()).isEqualTo(200);
                assertThat(found.body()).isEqualTo("t0ken.thumb");
                responder.remove("dns:" + TestServer.FQDN);
                assertThat(http.send(
                                        HttpRequest.newBuilder(URI.create(base + "t0ken"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode())
                        .isEqualTo(404);
            }
            // The PKI files are served over plain HTTP (RFC 5280 clients fetch CRLs and CA certificates so).
            HttpResponse<String> pki = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + server.server().httpPort() + "/pki/ca/root.crt"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(pki.statusCode()).isEqualTo(200);
            // Everything else on plain HTTP is a redirect to the public TLS listener, never content.
            HttpResponse<String> other = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                                            + server.server().httpPort() + "/acme/directory"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(301);
            assertThat(other.headers().firstValue("Location"))
                    .contains("https://" + TestServer.FQDN + ":" + server.port(Usage.WebServicesExternal)
                            + "/acme/directory");
            // A forged Host header does not choose where the redirect points.
            try (java.net.Socket socket =
                    new java.net.Socket("127.0.0.1", server.server().httpPort())) {
                socket.getOutputStream()
                        .write("GET /x HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer =
                        new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                assertThat(answer)
                        .startsWith("HTTP/1.1 301")
                        .containsIgnoringCase("Location: https://" + TestServer.FQDN + ":")
                        .doesNotContain("evil.example");
            }
            // An explicit --responder still uses certwiz's own responder.
            try (ChallengeResponder responder =
                    client.responder(new AcmeOptions(ChallengeType.HTTP_01, "127.0.0.1:0", null, null, null))) {
                assertThat(responder).isInstanceOf(StandaloneResponder.class);
            }
        }
        assertThat(ServerPresence.isUp(data, ChallengeType.HTTP_01)).isFalse();
    }

    @Test
    void withoutAPlainHttpListenerHttp01FallsBackToTheStandaloneResponder() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            assertThat(ServerPresence.isUp(server.certwiz().data(), ChallengeType.HTTP_01))
                    .isFalse();
            try (ChallengeResponder responder =
                    server.certwiz().acme().responder(new AcmeOptions(ChallengeType.HTTP_01, null, null, null, null))) {
                assertThat(responder).isInstanceOf(StandaloneResponder.class);
            } catch (CertwizException e) {
                // Port 80 needs privileges here: the standalone responder was chosen and could not bind.
                assertThat(e.getMessage()).contains("80");
            }
        }
    }

    @Test
    void theRunningServerAnswersTlsAlpn01OnItsExternalListenerOnlyOverAcmeTls1() throws Exception {
        io.certwiz.store.DataDirectory data;
        try (TestServer server = TestServer.start(temp)) {
            data = server.certwiz().data();
            assertThat(ServerPresence.isUp(data, ChallengeType.TLS_ALPN_01)).isTrue();
            int port = server.port(Usage.WebServicesExternal);
            X509Certificate usual;
            try (SSLSocket socket = client(port, "a.example", "http/1.1")) {
                socket.startHandshake();
                usual = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            }
            AcmeClient client = server.certwiz().acme();
            try (ChallengeResponder responder =
                    client.responder(new AcmeOptions(ChallengeType.TLS_ALPN_01, null, null, null, null))) {
                assertThat(responder).isInstanceOf(StoreResponder.class);
                assertThat(responder.describe()).contains("WebServicesExternal");
                responder.addTlsAlpn01(Identifier.dns("a.example"), "t0ken.thumb");
                try (SSLSocket socket = client(port, "a.example", "acme-tls/1")) {
                    socket.startHandshake();
                    assertThat(socket.getApplicationProtocol()).isEqualTo("acme-tls/1");
                    assertIsChallengeCertificate(
                            (X509Certificate) socket.getSession().getPeerCertificates()[0], "a.example", "t0ken.thumb");
                }
                // Other clients of the same name, and acme-tls/1 for another name, see the usual certificate.
                try (SSLSocket socket = client(port, "a.example", "http/1.1")) {
                    socket.startHandshake();
                    assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(usual);
                }
                try (SSLSocket socket = client(port, "b.example", "acme-tls/1")) {
                    socket.startHandshake();
                    assertThat(socket.getApplicationProtocol()).isEmpty();
                    assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(usual);
                }
                responder.remove("dns:a.example");
                try (SSLSocket socket = client(port, "a.example", "acme-tls/1")) {
                    socket.startHandshake();
                    assertThat(socket.getApplicationProtocol()).isEmpty();
                    assertThat(socket.getSession().getPeerCertificates()[0]).isEqualTo(usual);
                }
            }
        }
        assertThat(ServerPresence.isUp(data, ChallengeType.TLS_ALPN_01)).isFalse();
    }

    @Test
    void storedChallengeAnswersExpire() throws Exception {
        try (TestServer server = TestServer.start(temp)) {
            var store = server.certwiz().store();
            AcmeClientRecords records = server.certwiz().acmeClientRecords();
            Instant now = Instant.now();
            store.write(tx -> {
                records.putChallenge(tx, "old", ChallengeType.HTTP_01, "old.thumb", "dns:a", now.minusSeconds(1));
                records.putChallenge(
                        tx, "new", ChallengeType.HTTP_01, "new.thumb", "dns:b", now.plus(Duration.ofMinutes(5)));
                return null;
            });
            Optional<String> old = store.read(tx -> records.http01Answer(tx, "old", now));
            Optional<String> current = store.read(tx -> records.http01Answer(tx, "new", now));
            assertThat(old).isEmpty();
            assertThat(current).contains("new.thumb");
            new StoreResponder(
                            new AcmeClientStorage(store, records, new SqlKeyRecords(), new SqlAuditLog()),
                            Clock.systemUTC(),
                            ChallengeType.HTTP_01)
                    .close();
        }
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static SSLSocket client(int port, String serverName, String protocol) throws Exception {
        SSLSocket socket = (SSLSocket) trustAll().getSocketFactory().createSocket("127.0.0.1", port);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        parameters.setApplicationProtocols(new String[] {protocol});
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static SSLContext trustAll() {
        return Tls.context(new Tls.Recording(null), null);
    }
}
