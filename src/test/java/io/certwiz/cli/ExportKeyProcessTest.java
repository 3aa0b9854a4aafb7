package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.server.support.CliProcess;
import io.certwiz.testing.Cli;
import io.certwiz.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code certwiz export --format pem --with-key} in a JVM of its own, as a user runs it: no earlier work in
 * the process has registered BouncyCastle, which the key's AES-CBC encryption needs (issue 13).
 */
class ExportKeyProcessTest {
    @TempDir
    Path temp;

    @Test
    void anRsaKeyExportsAsEncryptedPemThatOpensslReads() throws Exception {
        Cli cli = Cli.in(temp);
        cli.init();
        String leaf = cli.run(
                        "request", "--usage", "WebServicesInternal", "--key", "rsa-2048", "--exportable", "--json")
                .ok()
                .json()
                .path("certificate")
                .path("thumbprint")
                .asText();
        Path password = Cli.writeString(temp.resolve("password.txt"), "export-pass\n");
        Path out = temp.resolve("leaf-key.pem");

        CliProcess.run(
                        cli.data(),
                        "export",
                        leaf,
                        "--format",
                        "pem",
                        "--with-key",
                        "--password-file",
                        password.toString(),
                        "--out",
                        out.toString())
                .ok();

        assertThat(Files.readString(out))
                .contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")
                .doesNotContain("-----BEGIN PRIVATE KEY-----")
                .doesNotContain("-----BEGIN RSA PRIVATE KEY-----");
        Tools.Run key = Tools.openssl(temp, "pkey", "-in", out.toString(), "-passin", "file:" + password, "-pubout")
                .ok();
        Tools.Run certificate = Tools.openssl(temp, "x509", "-in", out.toString(), "-noout", "-pubkey")
                .ok();
        assertThat(key.out()).startsWith("-----BEGIN PUBLIC KEY-----").isEqualTo(certificate.out());
        assertThat(Tools.openssl(temp, "pkey", "-in", out.toString(), "-passin", "pass:wrong", "-noout")
                        .exitCode())
                .isNotZero();
    }
}
