package io.certwiz.interop;

import static io.certwiz.interop.FingerprintInteropTest.fingerprint;
import static io.certwiz.testing.Tools.keytool;
import static io.certwiz.testing.Tools.openssl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import io.certwiz.testing.Tools;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PKCS#12 both ways: certwiz's PFX read by OpenSSL 3 and keytool, and theirs imported by certwiz. */
class PfxInteropTest {
    private static final String PASSWORD = "Pfx-interop-1";

    @TempDir
    Path temp;

    Cli cli;
    Path passwordFile;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
        passwordFile = Cli.writeString(temp.resolve("password.txt"), PASSWORD + "\n");
    }

    /** The public key of a certificate and of a private key, as openssl prints them, must be equal. */
    private void assertKeyMatches(Path keyPem, Path certificatePem) {
        String fromKey =
                openssl(temp, "pkey", "-in", keyPem.toString(), "-pubout").ok().out();
        String fromCertificate = openssl(temp, "x509", "-in", certificatePem.toString(), "-noout", "-pubkey")
                .ok()
                .out();
        assertThat(fromKey).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(fromCertificate);
    }

    private Path exportPfx(String thumbprint, String name) {
        Path pfx = temp.resolve(name);
        cli.run(
                        "export",
                        thumbprint,
                        "--format",
                        "pfx",
                        "--with-key",
                        "--chain",
                        "--password-file",
                        passwordFile.toString(),
                        "--out",
                        pfx.toString())
                .ok();
        return pfx;
    }

    @Test
    void certwizPfxReadsInOpenssl3WithoutLegacy() {
        String thumbprint = cli.request("Default", "--exportable");
        Path pfx = exportPfx(thumbprint, "server.pfx");

        Tools.Run run = openssl(
                        temp, "pkcs12", "-in", pfx.toString(), "-passin", "file:" + passwordFile, "-info", "-noout")
                .ok();
        String info = run.out() + run.err();
        assertThat(info)
                .contains("PBES2")
                .contains("PBKDF2")
                .contains("AES-256-CBC")
                .contains("sha256")
                .doesNotContainIgnoringCase("RC2")
                .doesNotContainIgnoringCase("3DES");

        Path key = temp.resolve("key.pem");
        Path certificates = temp.resolve("certs.pem");
        openssl(
                        temp,
                        "pkcs12",
                        "-in",
                        pfx.toString(),
                        "-passin",
                        "file:" + passwordFile,
                        "-nocerts",
                        "-nodes",
                        "-out",
                        key.toString())
                .ok();
        openssl(
                        temp,
                        "pkcs12",
                        "-in",
                        pfx.toString(),
                        "-passin",
                        "file:" + passwordFile,
                        "-nokeys",
                        "-clcerts",
                        "-out",
                        certificates.toString())
                .ok();
        assertKeyMatches(key, certificates);
        assertThat(fingerprint(certificates, "sha1")).isEqualTo(thumbprint);
        String all = openssl(temp, "pkcs12", "-in", pfx.toString(), "-passin", "file:" + passwordFile, "-nokeys")
                .ok()
                .out();
        assertThat(all.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(4);
        assertThat(openssl(temp, "pkcs12", "-in", pfx.toString(), "-passin", "pass:wrong", "-noout")
                        .exitCode())
                .isNotZero();
    }

    @Test
    void certwizPfxReadsInKeytool() {
        String thumbprint = cli.request("Default", "--exportable");
        JsonNode view = cli.run("show", thumbprint, "--json").ok().json();
        Path pfx = exportPfx(thumbprint, "server.pfx");

        String list = keytool(
                        temp,
                        "-list",
                        "-v",
                        "-keystore",
                        pfx.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        PASSWORD)
                .ok()
                .out();

        assertThat(list).contains("PrivateKeyEntry").contains("Certificate chain length: 3");
        assertThat(list.replace(":", "")).contains(view.path("sha256").asText());
    }

    @Test
    void rsaPfxAlsoReadsInBoth() {
        String thumbprint = cli.run(
                        "request", "--usage", "WebServicesInternal", "--key", "rsa-2048", "--exportable", "--json")
                .ok()
                .json()
                .path("certificate")
                .path("thumbprint")
                .asText();
        Path pfx = exportPfx(thumbprint, "rsa.pfx");

        Path key = temp.resolve("rsa-key.pem");
        Path certificate = temp.resolve("rsa-cert.pem");
        openssl(
                        temp,
                        "pkcs12",
                        "-in",
                        pfx.toString(),
                        "-passin",
                        "file:" + passwordFile,
                        "-nocerts",
                        "-nodes",
                        "-out",
                        key.toString())
                .ok();
        openssl(
                        temp,
                        "pkcs12",
                        "-in",
                        pfx.toString(),
                        "-passin",
                        "file:" + passwordFile,
                        "-nokeys",
                        "-clcerts",
                        "-out",
                        certificate.toString())
                .ok();
        assertKeyMatches(key, certificate);
        assertThat(keytool(temp, "-list", "-keystore", pfx.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD)
                        .ok()
                        .out())
                .contains("PrivateKeyEntry");
    }

    @Test
    void certificateOnlyPfxReadsInBoth() {
        String root = cli.thumbprints("root").getFirst();
        Path pfx = temp.resolve("root.pfx");
        cli.run("export", root, "--format", "pfx", "--password-file", passwordFile.toString(), "--out", pfx.toString())
                .ok();
        Path certificate = temp.resolve("root-from-pfx.pem");

        openssl(
                        temp,
                        "pkcs12",
                        "-in",
                        pfx.toString(),
                        "-passin",
                        "file:" + passwordFile,
                        "-nokeys",
                        "-out",
                        certificate.toString())
                .ok();

        assertThat(fingerprint(certificate, "sha1")).isEqualTo(root);
        assertThat(keytool(temp, "-list", "-keystore", pfx.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD)
                        .ok()
                        .out())
                .contains("trustedCertEntry");
    }

    @Test
    void opensslPfxImportsWithItsKeyAndAssigns() {
        OpensslCa ca = OpensslCa.create(temp, "pfx");
        Path[] server = ca.server("server", List.of(Cli.POOL, Cli.FQDN, "sip." + Cli.SIP_DOMAIN));
        Path pfx = temp.resolve("openssl.pfx");
        openssl(
                        temp,
                        "pkcs12",
                        "-export",
                        "-inkey",
                        server[0].toString(),
                        "-in",
                        server[1].toString(),
                        "-certfile",
                        ca.intermediate.toString(),
                        "-name",
                        "from openssl",
                        "-passout",
                        "file:" + passwordFile,
                        "-out",
                        pfx.toString())
                .ok();

        JsonNode imported = cli.run(
                        "import", pfx.toString(), "--password-file", passwordFile.toString(), "--exportable", "--json")
                .ok()
                .json();

        String thumbprint = fingerprint(server[1], "sha1");
        JsonNode leaf = imported.path("imported").get(0);
        assertThat(leaf.path("thumbprint").asText()).isEqualTo(thumbprint);
        assertThat(leaf.path("store").asText()).isEqualTo("personal");
        assertThat(leaf.path("privateKey").asBoolean()).isTrue();
        assertThat(cli.thumbprints("intermediate")).contains(fingerprint(ca.intermediate, "sha1"));
        assertThat(cli.thumbprints("root")).doesNotContain(fingerprint(ca.root, "sha1"));

        // The key is really the certificate's: assign checks it, and the key exported again matches.
        cli.run("import", ca.root.toString(), "--store", "root").ok();
        cli.run("assign", thumbprint.toLowerCase(Locale.ROOT), "--usage", "Default")
                .ok();
        Path again = exportPfx(thumbprint, "again.pfx");
        Path key = temp.resolve("again-key.pem");
        openssl(
                        temp,
                        "pkcs12",
                        "-in",
                        again.toString(),
                        "-passin",
                        "file:" + passwordFile,
                        "-nocerts",
                        "-nodes",
                        "-out",
                        key.toString())
                .ok();
        assertKeyMatches(key, server[1]);
    }

    @Test
    void oldStylePfxWithTripleDesImports() {
        OpensslCa ca = OpensslCa.create(temp, "old");
        Path[] server = ca.server("server", List.of(Cli.POOL));
        Path pfx = temp.resolve("old.pfx");
        // What older Windows servers export: PBE-SHA1-3DES and a SHA-1 MAC (no legacy provider needed).
        openssl(
                        temp,
                        "pkcs12",
                        "-export",
                        "-inkey",
                        server[0].toString(),
                        "-in",
                        server[1].toString(),
                        "-keypbe",
                        "PBE-SHA1-3DES",
                        "-certpbe",
                        "PBE-SHA1-3DES",
                        "-macalg",
                        "sha1",
                        "-passout",
                        "file:" + passwordFile,
                        "-out",
                        pfx.toString())
                .ok();

        cli.run("import", pfx.toString(), "--password-file", passwordFile.toString())
                .ok();

        assertThat(cli.run("show", fingerprint(server[1], "sha1"), "--json")
                        .ok()
                        .json()
                        .path("hasPrivateKey")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void keytoolPfxImportsWithItsKey() {
        Path pfx = temp.resolve("keytool.p12");
        keytool(
                        temp,
                        "-genkeypair",
                        "-alias",
                        "server",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=" + Cli.POOL,
                        "-ext",
                        "san=dns:" + Cli.POOL + ",dns:" + Cli.FQDN,
                        "-ext",
                        "eku=serverAuth,clientAuth",
                        "-validity",
                        "90",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        pfx.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD)
                .ok();
        String list = keytool(temp, "-list", "-v", "-keystore", pfx.toString(), "-storepass", PASSWORD)
                .ok()
                .out();
        String before = cli.snapshot();
        Path wrong = Cli.writeString(temp.resolve("wrong.txt"), "nope\n");
        assertThat(cli.run("import", pfx.toString(), "--password-file", wrong.toString())
                        .failsWithOneLine(1)
                        .err())
                .contains("password");
        assertThat(cli.snapshot()).isEqualTo(before);

        JsonNode imported = cli.run("import", pfx.toString(), "--password-file", passwordFile.toString(), "--json")
                .ok()
                .json()
                .path("imported")
                .get(0);

        assertThat(imported.path("store").asText()).isEqualTo("personal");
        assertThat(imported.path("privateKey").asBoolean()).isTrue();
        JsonNode view = cli.run("show", imported.path("thumbprint").asText(), "--json")
                .ok()
                .json();
        assertThat(view.path("hasPrivateKey").asBoolean()).isTrue();
        assertThat(view.path("subject").asText()).isEqualTo("CN=" + Cli.POOL);
        assertThat(list.replace(":", "")).contains(view.path("sha256").asText());
        // Self-signed and not in root: the key is here, the chain is not trusted.
        Cli.Result refused = cli.run("assign", imported.path("thumbprint").asText(), "--usage", "Default")
                .fails(3);
        assertThat(refused.err()).doesNotContain("no private key").doesNotContain("does not match");
    }
}
