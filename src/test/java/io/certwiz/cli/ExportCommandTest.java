package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import io.certwiz.x509.Thumbprint;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz export}: formats, chain, key protection and refusals. */
class ExportCommandTest {
    private static final String PASSWORD = "export-pass";

    @TempDir
    Path temp;

    Cli cli;
    String root;
    String intermediate;
    Path passwordFile;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        JsonNode init = cli.init("--json").json();
        root = init.path("rootThumbprint").asText();
        intermediate = init.path("intermediateThumbprint").asText();
        passwordFile = Cli.writeString(temp.resolve("password.txt"), PASSWORD + "\n");
    }

    private Path out(String name) {
        return temp.resolve(name);
    }

    private static String perms(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static List<String> thumbprints(List<X509Certificate> certificates) {
        return certificates.stream().map(c -> Thumbprint.of(c).hex()).toList();
    }

    @Test
    void pemIsTheDefaultAndPublic() throws Exception {
        String leaf = cli.request("Default");

        JsonNode exported = cli.run("export", leaf, "--out", out("leaf.pem").toString(), "--json")
                .ok()
                .json();

        assertThat(exported.path("thumbprint").asText()).isEqualTo(leaf);
        assertThat(exported.path("format").asText()).isEqualTo("pem");
        assertThat(exported.path("certificates").asInt()).isEqualTo(1);
        assertThat(exported.path("privateKey").asBoolean()).isFalse();
        assertThat(Files.readString(out("leaf.pem"))).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(thumbprints(CertFactory.read(out("leaf.pem")))).containsExactly(leaf);
        assertThat(perms(out("leaf.pem"))).isEqualTo("rw-r--r--");
    }

    @Test
    void derAndChainFormats() throws Exception {
        String leaf = cli.request("Default");

        cli.run("export", leaf, "--format", "DER", "--out", out("leaf.cer").toString())
                .ok();
        cli.run("export", leaf, "--chain", "--out", out("chain.pem").toString()).ok();
        cli.run(
                        "export",
                        leaf,
                        "--chain",
                        "--format",
                        "p7b",
                        "--out",
                        out("chain.p7b").toString())
                .ok();

        assertThat(Files.readAllBytes(out("leaf.cer"))[0]).isEqualTo((byte) 0x30);
        assertThat(thumbprints(CertFactory.read(out("leaf.cer")))).containsExactly(leaf);
        assertThat(thumbprints(CertFactory.read(out("chain.pem")))).containsExactly(leaf, intermediate, root);
        CMSSignedData p7b = new CMSSignedData(Files.readAllBytes(out("chain.p7b")));
        assertThat(p7b.getCertificates().getMatches(null)).hasSize(3);
        // What certwiz exports, certwiz imports: the leaf (no key here) to personal, its CAs to intermediate.
        Cli other = new Cli(temp.resolve("other"));
        other.init();
        other.run("import", out("chain.p7b").toString(), "--store", "personal").ok();
        assertThat(other.thumbprints("personal")).containsExactly(leaf);
        assertThat(other.thumbprints("intermediate")).contains(intermediate, root);
        // Without --store the leaf must complete a pending request, and there is none.
        Cli third = new Cli(temp.resolve("third"));
        third.init();
        third.run("import", out("chain.p7b").toString()).failsWithOneLine(4);
    }

    @Test
    void pfxWithKeyIsPrivateAndHoldsTheMatchingKey() throws Exception {
        String leaf = cli.request("Default", "--exportable");

        JsonNode exported = cli.run(
                        "export",
                        leaf,
                        "--format",
                        "pfx",
                        "--with-key",
                        "--chain",
                        "--password-file",
                        passwordFile.toString(),
                        "--out",
                        out("leaf.pfx").toString(),
                        "--json")
                .ok()
                .json();

        assertThat(exported.path("privateKey").asBoolean()).isTrue();
        assertThat(exported.path("certificates").asInt()).isEqualTo(3);
        assertThat(perms(out("leaf.pfx"))).isEqualTo("rw-------");
        KeyStore pfx = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(out("leaf.pfx"))) {
            pfx.load(in, PASSWORD.toCharArray());
        }
        String alias = Collections.list(pfx.aliases()).getFirst();
        Key key = pfx.getKey(alias, PASSWORD.toCharArray());
        X509Certificate certificate = (X509Certificate) pfx.getCertificate(alias);
        assertThat(Thumbprint.of(certificate).hex()).isEqualTo(leaf);
        assertThat(pfx.getCertificateChain(alias)).hasSize(3);
        assertMatches((PrivateKey) key, certificate);

        // Imported into another server, it arrives in personal with its key.
        Cli other = new Cli(temp.resolve("other"));
        other.init();
        other.run("import", out("leaf.pfx").toString(), "--password-file", passwordFile.toString())
                .ok();
        assertThat(other.thumbprints("personal")).containsExactly(leaf);
        assertThat(other.run("show", leaf, "--json")
                        .ok()
                        .json()
                        .path("hasPrivateKey")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void pemWithKeyIsEncryptedPkcs8() throws Exception {
        String leaf = cli.request("WebServicesInternal", "--exportable");

        cli.run(
                        "export",
                        leaf,
                        "--with-key",
                        "--password-file",
                        passwordFile.toString(),
                        "--out",
                        out("leaf-key.pem").toString())
                .ok();

        String pem = Files.readString(out("leaf-key.pem"));
        assertThat(pem)
                .contains("-----BEGIN CERTIFICATE-----")
                .contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")
                .doesNotContain("-----BEGIN PRIVATE KEY-----");
        assertThat(perms(out("leaf-key.pem"))).isEqualTo("rw-------");
        X509Certificate certificate;
        PrivateKey key;
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(out("leaf-key.pem")))) {
            certificate = new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
            PKCS8EncryptedPrivateKeyInfo encrypted = (PKCS8EncryptedPrivateKeyInfo) parser.readObject();
            key = new JcaPEMKeyConverter()
                    .getPrivateKey(encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().build(PASSWORD.toCharArray())));
        }
        assertThat(Thumbprint.of(certificate).hex()).isEqualTo(leaf);
        assertMatches(key, certificate);
    }

    @Test
    void pemWithKeyAndNoPasswordIsAPlainKeyFileWithAWarning() throws Exception {
        String leaf = cli.request("WebServicesInternal", "--exportable");
        Path file = out("nginx.pem");

        Cli.Result export = cli.run("export", leaf, "--with-key", "--no-password", "--out", file.toString())
                .ok();

        assertThat(export.err())
                .startsWith("certwiz: warning:")
                .contains("unencrypted")
                .contains("0600");
        assertThat(export.out()).contains("with private key");
        assertThat(perms(file)).isEqualTo("rw-------");
        String pem = Files.readString(file);
        assertThat(pem).contains("-----BEGIN PRIVATE KEY-----").doesNotContain("ENCRYPTED");
        X509Certificate certificate;
        PrivateKey key;
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
            certificate = new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
            key = new JcaPEMKeyConverter()
                    .getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) parser.readObject());
        }
        assertThat(Thumbprint.of(certificate).hex()).isEqualTo(leaf);
        assertMatches(key, certificate);
        assertThat(cli.run("audit").ok().out()).contains("export.private-key").contains("unencrypted");
    }

    @Test
    void noPasswordIsOnlyForAPemKeyOfAnExportableKey() {
        String exportable = cli.request("WebServicesInternal", "--exportable");
        String kept = cli.request("Default");

        cli.run(
                        "export",
                        kept,
                        "--with-key",
                        "--no-password",
                        "--out",
                        out("kept.pem").toString())
                .failsWithOneLine(3);
        cli.run(
                        "export",
                        exportable,
                        "--format",
                        "pfx",
                        "--with-key",
                        "--no-password",
                        "--out",
                        out("a.pfx").toString())
                .failsWithOneLine(2);
        cli.run("export", exportable, "--no-password", "--out", out("b.pem").toString())
                .failsWithOneLine(2);
        cli.run(
                        "export",
                        exportable,
                        "--with-key",
                        "--no-password",
                        "--password-file",
                        passwordFile.toString(),
                        "--out",
                        out("c.pem").toString())
                .failsWithOneLine(2);
        assertThat(List.of("kept.pem", "a.pfx", "b.pem", "c.pem"))
                .allSatisfy(name -> assertThat(out(name)).doesNotExist());
    }

    @Test
    void aKeyThatIsNotExportableNeverLeaves() {
        String leaf = cli.request("Default");
        String before = cli.snapshot();

        Cli.Result pfx = cli.run(
                        "export",
                        leaf,
                        "--format",
                        "pfx",
                        "--with-key",
                        "--password-file",
                        passwordFile.toString(),
                        "--out",
                        out("leaf.pfx").toString())
                .failsWithOneLine(3);
        cli.run(
                        "export",
                        leaf,
                        "--with-key",
                        "--password-file",
                        passwordFile.toString(),
                        "--out",
                        out("leaf.pem").toString())
                .failsWithOneLine(3);

        assertThat(pfx.err()).contains("not exportable");
        assertThat(out("leaf.pfx")).doesNotExist();
        assertThat(out("leaf.pem")).doesNotExist();
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void aCertificateWithoutAKeyCannotExportOne() {
        cli.run(
                        "export",
                        root,
                        "--with-key",
                        "--format",
                        "pfx",
                        "--password-file",
                        passwordFile.toString(),
                        "--out",
                        out("root.pfx").toString())
                .failsWithOneLine(3);
        // Without --with-key, any stored certificate exports, also as a PFX.
        cli.run(
                        "export",
                        root,
                        "--format",
                        "pfx",
                        "--password-file",
                        passwordFile.toString(),
                        "--out",
                        out("root-only.pfx").toString())
                .ok();
        assertThat(out("root.pfx")).doesNotExist();
    }

    @Test
    void badUsage() {
        String leaf = cli.request("Default", "--exportable");

        cli.run("export", leaf, "--format", "jks", "--out", out("x").toString()).failsWithOneLine(2);
        cli.run("export", leaf, "--with-key", "--out", out("x").toString()).failsWithOneLine(2);
        cli.run("export", leaf, "--format", "pfx", "--out", out("x").toString()).failsWithOneLine(2);
        cli.run(
                        "export",
                        leaf,
                        "--format",
                        "der",
                        "--with-key",
                        "--password-file",
                        passwordFile.toString(),
                        "--out",
                        out("x").toString())
                .failsWithOneLine(2);
        cli.run("export", leaf, "--format", "der", "--chain", "--out", out("x").toString())
                .failsWithOneLine(2);
        Path empty = Cli.writeString(temp.resolve("empty.txt"), "");
        cli.run("export", leaf, "--format", "pfx", "--password-file", empty.toString(), "--out", out("x").toString())
                .failsWithOneLine(2);
        cli.run("export", "cd".repeat(20), "--out", out("x").toString()).failsWithOneLine(4);
        cli.run("export", leaf, "--out", temp.resolve("no/such/dir/x.pem").toString())
                .failsWithOneLine(1);
        assertThat(out("x")).doesNotExist();
    }

    private static void assertMatches(PrivateKey key, X509Certificate certificate) throws Exception {
        String algorithm =
                certificate.getPublicKey().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate.getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature))
                .as("the key matches the certificate")
                .isTrue();
    }
}
