package io.certwiz.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.server.ServerTestAccess;
import io.certwiz.server.support.OpenSsl;
import io.certwiz.server.support.TestServer;
import io.certwiz.server.support.Tls;
import io.certwiz.usage.Usage;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** TLS 1.2 and 1.3 only, with forward-secret AEAD suites, on every listener; the engine in use. */
class ProtocolVersionTest {
    @TempDir
    static Path dir;

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void nativeEngineUnlessTheJdksIsAskedFor() {
        String wanted = System.getProperty("certwiz.tls.provider", System.getenv("CERTWIZ_TLS_PROVIDER"));
        assertThat(TlsContexts.engine()).isEqualTo("jdk".equalsIgnoreCase(wanted) ? "jdk" : "conscrypt");
        if (TlsContexts.engine().equals("conscrypt")) {
            // Keys are converted to BoringSSL's once per swap, not at every handshake: the temporary
            // certificates' keys, and a stored key opened from the vault.
            server.request(List.of(Usage.WebServicesExternal), true, false);
            for (Usage usage : List.of(Usage.Default, Usage.WebServicesInternal, Usage.WebServicesExternal)) {
                assertThat(ServerTestAccess.listeners(server.server())
                                .keyManager(usage)
                                .current()
                                .key()
                                .getClass()
                                .getName())
                        .startsWith("org.conscrypt.");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Usage.class,
            names = {"Default", "WebServicesInternal", "WebServicesExternal"})
    void onlyTls12And13(Usage usage) throws Exception {
        int port = server.port(usage);
        // SECLEVEL=0 so that openssl 3 itself is willing to offer the old protocols.
        for (String old : List.of("-tls1", "-tls1_1")) {
            OpenSsl.Handshake refused = OpenSsl.connect(port, old, "-cipher", "DEFAULT:@SECLEVEL=0");
            assertThat(refused.established()).as(old + "\n" + refused.all()).isFalse();
            assertThat(refused.leafPem()).as("no certificate over " + old).isNull();
        }
        OpenSsl.Handshake tls12 = OpenSsl.connect(port, "-tls1_2");
        assertThat(tls12.protocol()).as(tls12.all()).isEqualTo("TLSv1.2");
        assertThat(tls12.leafPem()).isNotNull();
        OpenSsl.Handshake tls13 = OpenSsl.connect(port, "-tls1_3");
        assertThat(tls13.protocol()).as(tls13.all()).isEqualTo("TLSv1.3");
        assertThat(tls13.leafPem()).isNotNull();
        // No CBC or RSA key exchange suites on TLS 1.2.
        OpenSsl.Handshake cbc =
                OpenSsl.connect(port, "-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-SHA256:AES128-GCM-SHA256");
        assertThat(cbc.leafPem()).as(cbc.all()).isNull();

        // The JDK client: 1.2 and 1.3 work.
        SSLContext any = Tls.context(new Tls.Recording(null), null);
        if (usage != Usage.Default) {
            for (String protocol : List.of("TLSv1.2", "TLSv1.3")) {
                try (var socket =
                        (javax.net.ssl.SSLSocket) any.getSocketFactory().createSocket("127.0.0.1", port)) {
                    socket.setEnabledProtocols(new String[] {protocol});
                    socket.startHandshake();
                    assertThat(socket.getSession().getProtocol()).isEqualTo(protocol);
                }
            }
        }
    }
}
