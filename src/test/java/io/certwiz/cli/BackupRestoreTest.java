package io.certwiz.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.Certwiz;
import io.certwiz.server.CertwizServer;
import io.certwiz.server.ServeOptions;
import io.certwiz.server.support.Tls;
import io.certwiz.store.DataDirectory;
import io.certwiz.testing.Cli;
import io.certwiz.usage.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code certwiz backup} and {@code certwiz restore}: a restored data directory serves the same certificates. */
class BackupRestoreTest {
    private static final List<Usage> SERVED = List.of(Usage.WebServicesInternal, Usage.WebServicesExternal);

    @TempDir
    Path temp;

    Cli cli;
    String assigned;
    Path passphrase;
    Path backup;

    @BeforeEach
    void setUp() throws Exception {
        cli = Cli.in(temp);
        cli.init();
        assigned = cli.request("Default,WebServicesInternal,WebServicesExternal");
        passphrase = secretFile("passphrase", "correct horse battery staple\n");
        backup = temp.resolve("certwiz.backup");
    }

    private Path secretFile(String name, String content) throws Exception {
        Path file = Cli.writeString(temp.resolve(name), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Cli.Result restore(Path dir, Path passphraseFile) {
        return Cli.runRaw(
                "restore",
                backup.toString(),
                "--data",
                dir.toString(),
                "--passphrase-file",
                passphraseFile.toString(),
                "--json");
    }

    @Test
    void aRestoredDataDirectoryServesTheSameCertificates() throws Exception {
        cli.run("backup", "--out", backup.toString(), "--passphrase-file", passphrase.toString())
                .ok();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
                .isEqualTo("rw-------");
        byte[] bytes = Files.readAllBytes(backup);
        // neither the master key nor the store is readable in it
        String masterKey = Files.readString(cli.data().resolve("master.key")).strip();
        assertThat(new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1))
                .startsWith("certwiz-backup-1\n")
                .doesNotContain(masterKey)
                .doesNotContain(Cli.FQDN);

        Path fresh = temp.resolve("fresh");
        var restored = restore(fresh, passphrase).ok().json();
        assertThat(restored.path("fqdn").asText()).isEqualTo(Cli.FQDN);
        assertThat(restored.path("privateKeys").asInt()).isEqualTo(3);
        assertThat(Files.readString(fresh.resolve("master.key")).strip()).isEqualTo(masterKey);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh.resolve("master.key"))))
                .isEqualTo("rw-------");
        Cli restoredCli = new Cli(fresh);
        restoredCli.run("check").ok();
        assertThat(restoredCli.run("usages", "--json").ok().out())
                .isEqualTo(cli.run("usages", "--json").ok().out());

        // serve presents the same certificate, in a real TLS handshake
        try (Certwiz certwiz = Certwiz.open(new DataDirectory(fresh));
                CertwizServer server = CertwizServer.start(certwiz, new ServeOptions("127.0.0.1", 0, 0, 0))) {
            for (Usage usage : SERVED) {
                assertThat(Tls.presented(server.port(usage))).as(usage.name()).isEqualTo(assigned);
            }
            assertThat(Tls.presented(server.port(Usage.Default))).isEqualTo(assigned);
        }
    }

    @Test
    void aWrongPassphraseRestoresNothing() throws Exception {
        cli.run("backup", "--out", backup.toString(), "--passphrase-file", passphrase.toString())
                .ok();
        Path fresh = temp.resolve("fresh");
        Cli.Result wrong = Cli.runRaw(
                "restore",
                backup.toString(),
                "--data",
                fresh.toString(),
                "--passphrase-file",
                secretFile("wrong", "not the passphrase\n").toString());
        wrong.failsWithOneLine(1);
        assertThat(wrong.errLine()).contains("wrong passphrase").contains("nothing was restored");
        assertThat(fresh).doesNotExist();

        // a damaged file: also refused, nothing written
        byte[] bytes = Files.readAllBytes(backup);
        bytes[bytes.length / 2] ^= 1;
        Files.write(backup, bytes);
        restore(fresh, passphrase).exit(1);
        assertThat(fresh).doesNotExist();
    }

    @Test
    void restoreRefusesADirectoryThatHasAStore() throws Exception {
        cli.run("backup", "--out", backup.toString(), "--passphrase-file", passphrase.toString())
                .ok();
        String before = cli.snapshot();
        restore(cli.data(), passphrase).fails(3);
        assertThat(cli.snapshot()).isEqualTo(before);
    }

    @Test
    void thePassphraseIsNeverTakenFromAFileOthersCanRead() throws Exception {
        Path open = Cli.writeString(temp.resolve("open-passphrase"), "correct horse battery staple\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        cli.run("backup", "--out", backup.toString(), "--passphrase-file", open.toString())
                .failsWithOneLine(3);
        assertThat(backup).doesNotExist();
        cli.run(
                        "backup",
                        "--out",
                        backup.toString(),
                        "--passphrase-file",
                        secretFile("short", "short\n").toString())
                .failsWithOneLine(2);
        assertThat(backup).doesNotExist();
    }
}
