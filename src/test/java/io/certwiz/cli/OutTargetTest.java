package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.testing.CertFactory;
import io.certwiz.testing.Cli;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.Thumbprint;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --out}: {@code -} is standard output, a device or FIFO is written into and never replaced,
 * a symbolic link or a directory is refused, a regular file is replaced (0600 when it holds a key).
 */
class OutTargetTest {
    @TempDir
    Path temp;

    Cli cli;
    String leaf;
    Path passwordFile;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
        leaf = cli.request("Default", "--exportable");
        passwordFile = Cli.writeString(temp.resolve("password.txt"), "out-pass\n");
    }

    @Test
    void dashIsStandardOutput() throws Exception {
        Path dash = Path.of("-").toAbsolutePath();
        try {
            Cli.Result pem = cli.run("export", leaf, "--out", "-").ok();
            assertThat(pem.out()).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(Thumbprint.of(CertificateReader.read(pem.stdout(), null)
                                    .certificates()
                                    .getFirst())
                            .hex())
                    .isEqualTo(leaf);
            assertThat(pem.err()).contains("Exported " + leaf + " to standard output");

            // Binary formats arrive byte for byte.
            byte[] der = cli.run("export", leaf, "--format", "der", "--out", "-")
                    .ok()
                    .stdout();
            assertThat(Thumbprint.of(CertificateReader.certificate(der)).hex()).isEqualTo(leaf);
            byte[] pfx = cli.run(
                            "export",
                            leaf,
                            "--format",
                            "pfx",
                            "--with-key",
                            "--password-file",
                            passwordFile.toString(),
                            "--out",
                            "-")
                    .ok()
                    .stdout();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new java.io.ByteArrayInputStream(pfx), "out-pass".toCharArray());
            assertThat(store.size()).isEqualTo(1);

            Cli.Result csr = cli.run("request", "--usage", "Default", "--offline", "--out", "-")
                    .ok();
            assertThat(csr.out()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
            assertThat(csr.err()).contains("written to standard output");
            assertThat(cli.run("requests", "--json").ok().json()).hasSize(1);

            // --json goes to standard output too: the two do not mix.
            cli.run("export", leaf, "--out", "-", "--json").failsWithOneLine(2);
            assertThat(dash).doesNotExist();
        } finally {
            Files.deleteIfExists(dash);
        }
    }

    @Test
    void aFifoIsWrittenIntoNotReplaced() throws Exception {
        Path fifo = temp.resolve("pipe");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        // Opened read-write, a Linux FIFO opens at once and keeps the writer from blocking.
        try (RandomAccessFile reader = new RandomAccessFile(fifo.toFile(), "rw")) {
            cli.run("export", leaf, "--out", fifo.toString()).ok();

            assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS))
                    .as("the FIFO is still a FIFO")
                    .isFalse();
            byte[] buffer = new byte[64 * 1024];
            int read = reader.getChannel().read(java.nio.ByteBuffer.wrap(buffer));
            assertThat(new String(buffer, 0, read, StandardCharsets.US_ASCII))
                    .startsWith("-----BEGIN CERTIFICATE-----");
        }
    }

    @Test
    void aDeviceIsWrittenIntoAndItsErrorsReported() {
        Path full = Path.of("/dev/full");
        assertThat(Files.exists(full, LinkOption.NOFOLLOW_LINKS)).isTrue();
        // Checked on a FIFO first: were devices replaced, this test must not replace /dev/full.
        Path fifo = temp.resolve("check");
        try {
            new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
            // Held open read-write so that the export's open of the FIFO does not wait for a reader.
            RandomAccessFile reader = new RandomAccessFile(fifo.toFile(), "rw");
            try {
                cli.run("export", leaf, "--out", fifo.toString()).ok();
            } finally {
                reader.close();
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();

        Cli.Result result = cli.run("export", leaf, "--out", full.toString()).failsWithOneLine(1);

        assertThat(result.err()).contains("/dev/full").contains("No space left on device");
        assertThat(Files.isRegularFile(full, LinkOption.NOFOLLOW_LINKS)).isFalse();
        cli.run("export", leaf, "--out", "/dev/null").ok();
        assertThat(Files.isRegularFile(Path.of("/dev/null"), LinkOption.NOFOLLOW_LINKS))
                .isFalse();
    }

    @Test
    void aSymbolicLinkIsRefusedAndLeftAlone() throws Exception {
        Path real = Cli.writeString(temp.resolve("real.pem"), "keep me\n");
        Path link = Files.createSymbolicLink(temp.resolve("link.pem"), real);

        Cli.Result export = cli.run("export", leaf, "--out", link.toString()).failsWithOneLine(1);
        Cli.Result request = cli.run("request", "--usage", "Default", "--offline", "--out", link.toString())
                .failsWithOneLine(1);

        assertThat(export.err()).contains("symbolic link").contains("- for standard output");
        assertThat(request.err()).contains("symbolic link");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(real)).isEqualTo("keep me\n");
        assertThat(cli.run("requests", "--json").ok().json()).isEmpty();
        // A dangling link too: it would otherwise be replaced by a file of the link's name.
        Path dangling = Files.createSymbolicLink(temp.resolve("dangling.pem"), temp.resolve("nowhere.pem"));
        cli.run("export", leaf, "--out", dangling.toString()).failsWithOneLine(1);
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(temp.resolve("nowhere.pem")).doesNotExist();
    }

    @Test
    void aDirectoryIsRefused() throws Exception {
        Path directory = Files.createDirectory(temp.resolve("dir"));
        cli.run("export", leaf, "--out", directory.toString()).failsWithOneLine(1);
        cli.run("request", "--usage", "Default", "--offline", "--out", directory.toString())
                .failsWithOneLine(1);
        assertThat(directory).isDirectory().isEmptyDirectory();
        assertThat(cli.run("requests", "--json").ok().json()).isEmpty();
    }

    @Test
    void aRegularFileIsReplacedWithTheModeItsContentNeeds() throws Exception {
        Path file = Cli.writeString(temp.resolve("server.pem"), "old\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        cli.run("export", leaf, "--with-key", "--password-file", passwordFile.toString(), "--out", file.toString())
                .ok();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("ENCRYPTED PRIVATE KEY");
        cli.run("export", leaf, "--out", file.toString()).ok();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-r--r--");
        assertThat(CertFactory.read(file)).hasSize(1);
        assertThat(List.of(temp.toFile().list())).noneMatch(name -> name.startsWith(".certwiz-"));
    }
}
