package io.certwiz.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.request.RequestOutcome;
import io.certwiz.request.RequestSpec;
import io.certwiz.server.support.OpenSsl;
import io.certwiz.server.support.TestServer;
import io.certwiz.testing.TestTokens;
import io.certwiz.usage.Usage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.Pem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * RSA keys on a token, honestly: SoftHSM 2.6 makes RSA-PSS and raw RSA signatures, so an RSA-2048 token
 * key serves TLS 1.3 (RSA-PSS) and TLS 1.2; a token without one of them (here SoftHSM with the mechanism
 * disabled in SunPKCS11, as for a token whose implementation is missing or broken) gets a clear refusal
 * for TLS usages, and its new key is removed from the token again. Keys for no TLS usage are not refused.
 * (A token without raw RSA, CKM_RSA_X_509, which Conscrypt uses for RSA-PSS, is refused the same way; SoftHSM
 * cannot be made to lack it: SunPKCS11 still reaches it through its "RSA" cipher.)
 */
class TokenRsaTest {
    private static final List<String> PSS = List.of(
            "CKM_RSA_PKCS_PSS",
            "CKM_SHA1_RSA_PKCS_PSS",
            "CKM_SHA256_RSA_PKCS_PSS",
            "CKM_SHA384_RSA_PKCS_PSS",
            "CKM_SHA512_RSA_PKCS_PSS");

    @org.junit.jupiter.api.io.TempDir
    static Path dir;

    static TestServer server;
    static Path rootPem;

    @BeforeAll
    static void start() throws Exception {
        TestTokens.conf();
        server = TestServer.start(dir);
        rootPem = Files.writeString(dir.resolve("root.pem"), Pem.encode(server.root()));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static RequestOutcome request(Usage usage, KeyType type) {
        return server.certwiz()
                .requests()
                .online(RequestSpec.builder(List.of(usage))
                        .keyType(type)
                        .keyStore("pkcs11:hsm")
                        .build());
    }

    private static long privateKeys() {
        return TestTokens.listObjects(TestTokens.OTHER)
                .lines()
                .filter(l -> l.startsWith("Private Key Object"))
                .count();
    }

    @Test
    void anRsaTokenKeyServesTls13WithRsaPssAndTls12() {
        TestTokens.configure(server.dataDir(), "hsm", TestTokens.OTHER, null);
        String thumbprint = request(Usage.WebServicesInternal, KeyType.RSA_2048)
                .certificate()
                .thumbprint();
        server.server().refresh();
        OpenSsl.Handshake tls13 =
                OpenSsl.connect(server.port(Usage.WebServicesInternal), concat("-tls1_3", OpenSsl.verifying(rootPem)));
        assertThat(tls13.established()).as(tls13.all()).isTrue();
        assertThat(tls13.protocol()).isEqualTo("TLSv1.3");
        assertThat(tls13.thumbprint()).isEqualTo(thumbprint);
        assertThat(tls13.all()).contains("Peer signature type: RSA-PSS");
        OpenSsl.Handshake tls12 = OpenSsl.connect(
                server.port(Usage.WebServicesInternal),
                concat("-tls1_2", concat("-sigalgs", concat("RSA+SHA256", OpenSsl.verifying(rootPem)))));
        assertThat(tls12.established()).as(tls12.all()).isTrue();
        assertThat(tls12.protocol()).isEqualTo("TLSv1.2");
        assertThat(tls12.all()).contains("Peer signature type: RSA");
    }

    @Test
    void aTokenWithoutRsaPssIsRefusedForTlsAndItsKeyRemoved() {
        configureWithout(PSS);
        long before = privateKeys();
        assertThatThrownBy(() -> request(Usage.WebServicesExternal, KeyType.RSA_2048))
                .isInstanceOf(CertwizException.class)
                .hasMessageContaining("cannot make RSA-PSS signatures (CKM_RSA_PKCS_PSS")
                .hasMessageContaining("which TLS 1.3 needs for an RSA key of WebServicesExternal")
                .hasMessageContaining("--key ec-p256")
                .satisfies(e -> assertThat(((CertwizException) e).failure()).isEqualTo(Failure.REFUSED));
        assertThat(privateKeys()).isEqualTo(before);
        // The same token serves an EC key for TLS, and an RSA key for a usage without a listener.
        assertThat(request(Usage.WebServicesExternal, KeyType.EC_P256)
                        .certificate()
                        .keyStore())
                .startsWith("pkcs11:");
        assertThat(request(Usage.OAuthTokenIssuer, KeyType.RSA_2048)
                        .certificate()
                        .keyStore())
                .startsWith("pkcs11:");
    }

    private static void configureWithout(List<String> mechanisms) {
        TestTokens.configure(server.dataDir(), "hsm", TestTokens.OTHER, null);
        Path config = server.dataDir().resolve("tokens.json");
        try {
            String json = Files.readString(config);
            Files.writeString(
                    config,
                    json.replace(
                            "\"pinFile\"",
                            "\"disabledMechanisms\": [\"" + String.join("\", \"", mechanisms) + "\"], \"pinFile\""));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
