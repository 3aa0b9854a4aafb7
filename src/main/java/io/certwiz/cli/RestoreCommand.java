package io.certwiz.cli;

import io.certwiz.Backups;
import io.certwiz.Certwiz;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "restore",
        description = "Restore a backup made by certwiz backup onto a fresh data directory (its own SQLite store).")
final class RestoreCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "FILE", description = "The backup file.")
    Path file;

    @Option(
            names = "--passphrase-file",
            paramLabel = "FILE",
            description = "The passphrase, first line of a file only its owner can read; else "
                    + BackupPassphrase.ENVIRONMENT + ", else a prompt.")
    Path passphraseFile;

    @Override
    public Integer call() {
        byte[] backup = readBackup(file);
        char[] passphrase = BackupPassphrase.read(this, passphraseFile, false);
        Backups.Restored restored;
        try {
            restored = Backups.restore(dataDirectory(), backup, passphrase, java.time.Clock.systemUTC());
        } finally {
            java.util.Arrays.fill(passphrase, '\0');
        }
        print(restored, () -> {
            out().println("Restored into " + restored.dataDirectory() + ": " + restored.privateKeys()
                    + " private keys, " + restored.rows() + " rows");
            Text.field(out(), "Server FQDN", restored.fqdn());
        });
        return 0;
    }

    /** A backup may be larger than the files other commands read: a regular file, up to 2 GiB. */
    private static byte[] readBackup(Path file) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw java.nio.file.Files.exists(file)
                    ? io.certwiz.CertwizException.error("the backup file is not a regular file: " + file)
                    : io.certwiz.CertwizException.notFound("backup file not found: " + file);
        }
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (java.io.IOException | OutOfMemoryError e) {
            throw io.certwiz.CertwizException.error("cannot read the backup file " + file + ": " + e.getMessage());
        }
    }

    @Override
    int run(Certwiz certwiz) {
        throw new UnsupportedOperationException();
    }
}
