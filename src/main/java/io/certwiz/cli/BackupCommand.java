package io.certwiz.cli;

import io.certwiz.Backups;
import io.certwiz.Certwiz;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "backup",
        description = "A consistent copy of the store and the master key, encrypted under a passphrase (file 0600).")
final class BackupCommand extends BaseCommand {
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The backup file (- for stdout).")
    Path out;

    @Option(
            names = "--passphrase-file",
            paramLabel = "FILE",
            description = "The passphrase, first line of a file only its owner can read; else "
                    + BackupPassphrase.ENVIRONMENT + ", else a prompt.")
    Path passphraseFile;

    record Result(String file, long bytes) {}

    @Override
    int run(Certwiz certwiz) {
        OutputFiles.Target target = outFile(out);
        char[] passphrase = BackupPassphrase.read(this, passphraseFile, true);
        byte[] backup;
        try {
            backup = Backups.backup(certwiz, passphrase);
        } finally {
            java.util.Arrays.fill(passphrase, '\0');
        }
        target.write(backup, true, stdio);
        Result result = new Result(out.toString(), backup.length);
        if (common.json) {
            print(result, () -> {});
        } else {
            report(target).println("Backup written to " + out + " (" + backup.length + " bytes, encrypted)");
            report(target).flush();
        }
        return 0;
    }
}
