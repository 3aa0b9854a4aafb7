package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.testing.CertFactory;
import io.certwiz.testing.CertFactory.Issued;
import io.certwiz.testing.Cli;
import io.certwiz.x509.Thumbprint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every file the CLI reads is bounded as the API bounds its bodies: a regular file of at most 1 MiB, or
 * standard input for {@code -}. A device, a FIFO or a directory is refused at once (before the fix,
 * {@code /dev/zero} ran out of memory and a FIFO hung: the timeout makes those fail, not hang).
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InputFilesCommandTest {
    private static final String ZERO = "/dev/zero";

    @TempDir
    Path temp;

    Cli cli;
    Path fifo;

    @BeforeEach
    void setUp() throws Exception {
        cli = Cli.in(temp);
        cli.init();
        fifo = temp.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor(10, TimeUnit.SECONDS))
                .isTrue();
    }

    private static Cli.Result refused(Cli.Result result) {
        result.failsWithOneLine(1);
        assertThat(result.err()).containsAnyOf("not a regular file", "is a directory", "larger than 1 MiB");
        return result;
    }

    @Test
    void importRefusesDevicesFifosDirectoriesAndLargeFiles() {
        String before = cli.snapshot();
        Path large = CertFactory.write(temp.resolve("large.pem"), new byte[InputFiles.LIMIT + 1]);

        refused(cli.run("import", ZERO));
        refused(cli.run("import", fifo.toString()));
        refused(cli.run("import", temp.toString()));
        Cli.Result tooLarge = refused(cli.run("import", large.toString()));

        assertThat(tooLarge.err()).contains("larger than 1 MiB");
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void verifyRefusesThemForTheCertificateAndForTrustedAndUntrustedFiles() {
        String leaf = cli.request("Default");
        Path pem = temp.resolve("leaf.pem");
        cli.run("export", leaf, "--out", pem.toString()).ok();

        refused(cli.run("verify", ZERO));
        refused(cli.run("verify", fifo.toString()));
        refused(cli.run("verify", pem.toString(), "--trusted", ZERO));
        refused(cli.run("verify", pem.toString(), "--trusted", fifo.toString()));
        refused(cli.run("verify", pem.toString(), "--untrusted", fifo.toString()));
    }

    @Test
    void passwordFilesAreBoundedToo() {
        String leaf = cli.request("Default", "--exportable");
        Path out = temp.resolve("leaf.pfx");

        refused(cli.run("export", leaf, "--format", "pfx", "--password-file", ZERO, "--out", out.toString()));
        refused(cli.run(
                "export", leaf, "--format", "pfx", "--password-file", fifo.toString(), "--out", out.toString()));
        Path anyFile = Cli.writeString(temp.resolve("any.pfx"), "any");
        refused(cli.run("import", anyFile.toString(), "--password-file", fifo.toString()));
        refused(new Cli(temp.resolve("pool"))
                .run(
                        "init",
                        "--fqdn",
                        Cli.FQDN,
                        "--store-url",
                        "jdbc:postgresql://127.0.0.1:1/x",
                        "--store-password-file",
                        ZERO));
        assertThat(out).doesNotExist();
    }

    @Test
    void filesThatServicesReadAreCheckedFirst() {
        refused(cli.run("ca", "add", "lab", "--acme", "https://127.0.0.1:1/dir", "--ca-bundle", ZERO));
        refused(cli.run(
                "ca",
                "add",
                "lab",
                "--acme",
                "https://127.0.0.1:1/dir",
                "--eab-kid",
                "k",
                "--eab-hmac-file",
                fifo.toString()));
        refused(new Cli(temp.resolve("joined"))
                .run("join", "--store-url", "jdbc:postgresql://127.0.0.1:1/x", "--master-key-file", fifo.toString()));
        // Before the server starts listening.
        refused(cli.run("serve", "--acme-hosts", fifo.toString(), "--port-default", "0", "--port-web-internal", "0"));
        cli.run("serve", "--acme-hosts", "-").failsWithOneLine(2);
    }

    @Test
    void dashReadsStandardInput() {
        Issued root = CertFactory.root("Stdin Root");
        byte[] pem = CertFactory.pem(root.certificate()).getBytes(StandardCharsets.US_ASCII);

        cli.runWithInput(pem, "import", "-", "--store", "root").ok();

        assertThat(cli.thumbprints("root"))
                .contains(Thumbprint.of(root.certificate()).hex());
        // A bad file on standard input is named as such.
        Cli.Result garbage = cli.runWithInput("garbage".getBytes(StandardCharsets.US_ASCII), "import", "-")
                .failsWithOneLine(1);
        assertThat(garbage.err()).startsWith("certwiz: standard input: ");
        Cli.Result large = cli.runWithInput(new byte[InputFiles.LIMIT + 1], "import", "-");
        refused(large);

        String leaf = cli.request("Default");
        byte[] leafPem = cli.run("export", leaf, "--out", "-").ok().stdout();
        cli.runWithInput(leafPem, "verify", "-", "--usage", "Default").ok();
    }

    @Test
    void aPasswordOnStandardInput() {
        String leaf = cli.request("Default", "--exportable");
        Path password = Cli.writeString(temp.resolve("password.txt"), "stdin-pass\n");
        Path pfx = temp.resolve("leaf.pfx");
        cli.run(
                        "export",
                        leaf,
                        "--format",
                        "pfx",
                        "--with-key",
                        "--password-file",
                        password.toString(),
                        "--out",
                        pfx.toString())
                .ok();
        Cli other = new Cli(temp.resolve("other"));
        other.init();

        other.runWithInput(
                        "stdin-pass\n".getBytes(StandardCharsets.US_ASCII),
                        "import",
                        pfx.toString(),
                        "--password-file",
                        "-")
                .ok();

        assertThat(other.thumbprints("personal")).isEqualTo(List.of(leaf));
        // Standard input is read once: two inputs cannot both be -.
        other.runWithInput(new byte[0], "import", "-", "--password-file", "-").failsWithOneLine(2);
    }

    @Test
    void aMissingFileIsNotFound() {
        Path missing = temp.resolve("missing.pem");
        cli.run("import", missing.toString()).failsWithOneLine(4);
        cli.run("verify", missing.toString()).failsWithOneLine(4);
        cli.run("import", missing.toString(), "--password-file", missing.toString())
                .failsWithOneLine(4);
        assertThat(Files.exists(missing)).isFalse();
    }
}
