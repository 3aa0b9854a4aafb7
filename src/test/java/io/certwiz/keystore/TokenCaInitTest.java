package io.certwiz.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.Certwiz;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.store.DataDirectory;
import io.certwiz.testing.Cli;
import io.certwiz.testing.TestTokens;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code init --ca-key-store pkcs11:NAME}: the embedded CA's root and issuing keys are made on the token
 * (pkcs11-tool sees them sensitive and never extractable), and the CA issues and signs its CRL with them;
 * {@code check} finds the store clean.
 */
class TokenCaInitTest {
    @TempDir
    Path temp;

    @Test
    void theEmbeddedCaKeysLiveOnTheTokenAndSignThere() throws Exception {
        Cli cli = Cli.in(temp);
        TestTokens.configure(cli.data(), "ca", TestTokens.CA, null);
        long before = privateKeys();
        JsonNode init = cli.init("--ca-key-store", "pkcs11:ca", "--json").json();
        String uri = init.path("caKeyStore").asText();
        assertThat(uri).startsWith("pkcs11:token=" + TestTokens.CA + ";id=");
        assertThat(privateKeys()).isEqualTo(before + 2);
        String object =
                TestTokens.privateKeyObject(TestTokens.CA, Pkcs11Uri.parse(uri).id());
        assertThat(object).contains("Private Key Object; EC").contains("always sensitive, never extractable");
        assertThat(cli.run("init", "--fqdn", "x.example.com").out()).doesNotContain(TestTokens.PIN);

        // A software-key certificate issued by the token-held intermediate, its chain trusted.
        String leaf = cli.request("WebServicesInternal");
        JsonNode shown = cli.run("show", leaf, "--json").ok().json();
        assertThat(shown.path("chain").path("trusted").asBoolean())
                .as(shown.toString())
                .isTrue();
        assertThat(shown.path("keyStore").asText()).isEqualTo("software");
        cli.run("verify", leaf, "--usage", "WebServicesInternal").ok();

        try (Certwiz certwiz = Certwiz.open(new DataDirectory(cli.data()))) {
            EmbeddedCa ca = certwiz.embeddedCa();
            assertThat(ca.keyLocation()).isEqualTo(uri);
            X509Certificate intermediate = ca.intermediate();
            X509CRL crl = ca.crl();
            crl.verify(intermediate.getPublicKey());
            intermediate.verify(ca.root().getPublicKey());
        }
        JsonNode check = cli.run("check", "--json").ok().json();
        assertThat(check.path("clean").asBoolean()).as(check.toString()).isTrue();
    }

    @Test
    void aCaKeyStoreThatIsNotConfiguredIsBadUsageAndInitKeepsNothing() {
        Cli cli = Cli.in(temp);
        Cli.Result refused = cli.run("init", "--fqdn", Cli.FQDN, "--ca-key-store", "pkcs11:nowhere");
        refused.failsWithOneLine(2);
        assertThat(refused.errLine()).contains("no token named 'nowhere'");
        assertThat(cli.database()).doesNotExist();
    }

    private static long privateKeys() {
        return TestTokens.listObjects(TestTokens.CA)
                .lines()
                .filter(l -> l.startsWith("Private Key Object"))
                .count();
    }
}
