package io.certwiz.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import io.certwiz.testing.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code request --key-store pkcs11:NAME} through the CLI on a SoftHSM token: the key is made on the token,
 * sensitive and never extractable as pkcs11-tool sees it, the store points at it by its pkcs11: URI,
 * {@code show} says so, and its export is refused.
 */
class TokenKeyCommandTest {
    @TempDir
    Path temp;

    Cli cli;

    @BeforeEach
    void setUp() {
        TestTokens.conf();
        cli = Cli.in(temp);
        cli.init().ok();
        TestTokens.configure(cli.data(), "hsm", TestTokens.LEAF, null);
    }

    private JsonNode requestOnToken(String... extra) {
        String[] args = new String[4 + extra.length];
        args[0] = "--usage";
        args[1] = "WebServicesInternal";
        args[2] = "--key-store";
        args[3] = "pkcs11:hsm";
        System.arraycopy(extra, 0, args, 4, extra.length);
        String[] withJson = java.util.Arrays.copyOf(args, args.length + 1);
        withJson[args.length] = "--json";
        return cli.run("request", withJson).ok().json();
    }

    @Test
    void theKeyIsMadeOnTheTokenSensitiveAndNotExtractable() {
        JsonNode outcome = requestOnToken("--key", "ec-p256");
        String thumbprint = outcome.path("certificate").path("thumbprint").asText();
        String uri = outcome.path("certificate").path("keyStore").asText();
        assertThat(uri).startsWith("pkcs11:token=" + TestTokens.LEAF + ";id=%").endsWith(";type=private");

        Pkcs11Uri parsed = Pkcs11Uri.parse(uri);
        String object = TestTokens.privateKeyObject(TestTokens.LEAF, parsed.id());
        assertThat(object).as(TestTokens.listObjects(TestTokens.LEAF)).isNotNull();
        assertThat(object)
                .contains("Private Key Object; EC")
                .contains("sensitive")
                .contains("always sensitive")
                .contains("never extractable")
                .contains("local");

        JsonNode shown = cli.run("show", thumbprint, "--json").ok().json();
        assertThat(shown.path("keyStore").asText()).isEqualTo(uri);
        assertThat(shown.path("exportable").asBoolean()).isFalse();
        String text = cli.run("show", thumbprint).ok().out();
        assertThat(text).contains("on token " + uri + ", not exportable");
    }

    @Test
    void aRenewalMakesTheNewKeyOnTheSameToken() {
        JsonNode outcome = requestOnToken("--key", "ec-p256");
        String old = outcome.path("certificate").path("thumbprint").asText();
        String oldUri = outcome.path("certificate").path("keyStore").asText();

        JsonNode renewal = cli.run("renew", "--usage", "WebServicesInternal", "--force", "--json")
                .ok()
                .json()
                .get(0);

        assertThat(renewal.path("result").asText()).isEqualTo("RENEWED");
        String renewed = renewal.path("renewedThumbprint").asText();
        assertThat(renewed).isNotEqualTo(old);
        JsonNode shown = cli.run("show", renewed, "--json").ok().json();
        String uri = shown.path("keyStore").asText();
        assertThat(uri).startsWith("pkcs11:token=" + TestTokens.LEAF + ";id=%").isNotEqualTo(oldUri);
        assertThat(shown.path("exportable").asBoolean()).isFalse();
        assertThat(TestTokens.privateKeyObject(
                        TestTokens.LEAF, Pkcs11Uri.parse(uri).id()))
                .as(TestTokens.listObjects(TestTokens.LEAF))
                .contains("never extractable");
        assertThat(cli.run("usages", "--json").ok().out()).contains(renewed);
    }

    @Test
    void theTokenIssuerSignsWithItsKeyOnTheToken() {
        for (String key : new String[] {"ec-p256", "rsa-2048"}) {
            JsonNode outcome = cli.run(
                            "request",
                            "--usage",
                            "OAuthTokenIssuer",
                            "--key",
                            key,
                            "--key-store",
                            "pkcs11:hsm",
                            "--json")
                    .ok()
                    .json();
            assertThat(outcome.path("certificate").path("keyStore").asText()).startsWith("pkcs11:");
            String token = cli.run("token", "issue", "--audience", "https://partner.example.com", "--json")
                    .ok()
                    .json()
                    .path("token")
                    .asText();
            assertThat(token).as(key).contains(".");
            cli.run("token", "verify", token, "--audience", "https://partner.example.com")
                    .ok();
        }
    }

    /** Issue 12: a token key's row is sealed too, its token URI bound, so it cannot be pointed elsewhere. */
    @Test
    void aTokenKeyRowPointedAtAnotherTokenObjectNoLongerOpens() throws Exception {
        String a = requestOnToken("--key", "ec-p256")
                .path("certificate")
                .path("thumbprint")
                .asText();
        JsonNode b = requestOnToken("--key", "ec-p256").path("certificate");
        cli.run("check").ok();
        Cli.runRaw("admin", "rotate-master-key", "--data", cli.data().toString())
                .ok();
        cli.run("check").ok(); // token rows re-sealed under the new master key

        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + cli.database());
                java.sql.PreparedStatement s = c.prepareStatement("UPDATE private_keys SET token_uri = ? WHERE id ="
                        + " (SELECT key_id FROM certificates WHERE thumbprint = ?)")) {
            s.setString(1, b.path("keyStore").asText());
            s.setString(2, a);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }

        Cli.Result check = cli.run("check").exit(3);
        assertThat(check.out()).contains("record was changed outside certwiz (token URI");
    }

    @Test
    void exportOfATokenKeyIsRefusedTheCertificateStillExports() throws Exception {
        String thumbprint =
                requestOnToken().path("certificate").path("thumbprint").asText();
        Path password = Cli.writeString(temp.resolve("pw"), "export-pass\n");
        Cli.Result refused = cli.run(
                        "export",
                        thumbprint,
                        "--format",
                        "pfx",
                        "--with-key",
                        "--password-file",
                        password.toString(),
                        "--out",
                        temp.resolve("k.pfx").toString())
                .failsWithOneLine(3);
        assertThat(refused.errLine())
                .contains("lives on a PKCS#11 token (pkcs11:token=" + TestTokens.LEAF)
                .contains("never leaves it");
        assertThat(temp.resolve("k.pfx")).doesNotExist();
        cli.run("export", thumbprint, "--out", temp.resolve("c.pem").toString()).ok();
        assertThat(Files.readString(temp.resolve("c.pem"))).contains("BEGIN CERTIFICATE");
    }

    @Test
    void aTokenKeyIsNeverExportableAndUnknownStoresAreBadUsage() {
        assertThat(cli.run("request", "--usage", "WebServicesInternal", "--key-store", "pkcs11:hsm", "--exportable")
                        .failsWithOneLine(2)
                        .errLine())
                .contains("never exportable");
        assertThat(cli.run("request", "--usage", "WebServicesInternal", "--key-store", "pkcs11:nope")
                        .failsWithOneLine(2)
                        .errLine())
                .contains("no token named 'nope'")
                .contains("hsm");
        assertThat(cli.run("request", "--usage", "WebServicesInternal", "--key-store", "disk")
                        .failsWithOneLine(2)
                        .errLine())
                .contains("software or pkcs11:NAME");
    }

    @Test
    void theConfiguredDefaultKeyStoreIsUsedAndSoftwareStillChosenExplicitly() {
        TestTokens.configure(cli.data(), "hsm", TestTokens.LEAF, "pkcs11:hsm");
        JsonNode onToken = cli.run("request", "--usage", "WebServicesInternal", "--json")
                .ok()
                .json();
        assertThat(onToken.path("certificate").path("keyStore").asText()).startsWith("pkcs11:");
        JsonNode software = cli.run("request", "--usage", "WebServicesInternal", "--key-store", "software", "--json")
                .ok()
                .json();
        assertThat(software.path("certificate").path("keyStore").asText()).isEqualTo("software");
    }

    @Test
    void aPinFileOthersMayReadIsRefusedAndThePinIsNeverShown() throws Exception {
        Path pin = cli.data().resolve("hsm.pin");
        Files.setPosixFilePermissions(pin, PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result refused = cli.run("request", "--usage", "WebServicesInternal", "--key-store", "pkcs11:hsm")
                .failsWithOneLine(3);
        assertThat(refused.errLine()).contains("may be read by others").contains("chmod 600");
        assertThat(refused.out() + refused.err()).doesNotContain(TestTokens.PIN);
    }
}
