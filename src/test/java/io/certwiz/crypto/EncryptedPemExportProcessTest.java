package io.certwiz.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.server.support.CliProcess;
import io.certwiz.testing.Cli;
import io.certwiz.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certwiz export --format pem --with-key} of an RSA key, run in a JVM of its own as an
 * administrator runs it: nothing else has set up a cryptographic provider first. The key comes out as an
 * encrypted PKCS#8 PEM (AES-256-CBC, PBKDF2) that openssl opens with the password, and it is the
 * certificate's key.
 */
class EncryptedPemExportProcessTest {
    @TempDir
    Path temp;

    @Test
    void anRsaKeyExportsAsEncryptedPemThatOpensslReads() throws Exception {
        Cli cli = Cli.in(temp);
        cli.init();
        String thumbprint = cli.run(
                        "request", "--usage", "WebServicesInternal", "--key", "rsa-2048", "--exportable", "--json")
                .ok()
                .json()
                .path("certificate")
                .path("thumbprint")
                .asText();
        Path password = Files.writeString(temp.resolve("pw"), "correct horse battery staple\n");
        Path out = temp.resolve("server.pem");

        CliProcess.Result export = CliProcess.run(
                        cli.data(),
                        "export",
                        thumbprint,
                        "--format",
                        "pem",
                        "--with-key",
                        "--password-file",
                        password.toString(),
                        "--out",
                        out.toString())
                .ok();

        assertThat(export.err()).isEmpty();
        String pem = Files.readString(out);
        assertThat(pem).contains("-----BEGIN ENCRYPTED PRIVATE KEY-----").doesNotContain("BEGIN PRIVATE KEY");
        String keysPublicHalf = Tools.openssl(
                        temp, "pkey", "-in", out.toString(), "-passin", "file:" + password, "-pubout")
                .ok()
                .out();
        String certificatesKey = Tools.openssl(temp, "x509", "-in", out.toString(), "-pubkey", "-noout")
                .ok()
                .out();
        assertThat(keysPublicHalf).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(certificatesKey);
        assertThat(Tools.openssl(temp, "pkey", "-in", out.toString(), "-passin", "pass:wrong", "-noout")
                        .exitCode())
                .isNotZero();
    }
}
