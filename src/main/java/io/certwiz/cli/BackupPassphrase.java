package io.certwiz.cli;

import io.certwiz.CertwizException;
import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Set;

/**
 * The passphrase of a backup, never from the command line: {@code --passphrase-file FILE} (readable by
 * its owner only), else {@value #ENVIRONMENT}, else a prompt at the terminal.
 */
final class BackupPassphrase {
    static final String ENVIRONMENT = "CERTWIZ_BACKUP_PASSPHRASE";

    private BackupPassphrase() {}

    static char[] read(BaseCommand command, Path file, boolean confirm) {
        if (file != null) {
            if (!InputFiles.isStdin(file)) {
                refuseIfOthersCanRead(file);
            }
            return command.password(file);
        }
        String environment = System.getenv(ENVIRONMENT);
        if (environment != null && !environment.isEmpty()) {
            return environment.toCharArray();
        }
        Console console = System.console();
        if (console == null) {
            throw CertwizException.badUsage("give the backup passphrase with --passphrase-file FILE (0600), in "
                    + ENVIRONMENT + ", or at a terminal");
        }
        char[] first = console.readPassword("Backup passphrase: ");
        if (first == null) {
            throw CertwizException.badUsage("no passphrase was typed");
        }
        if (confirm) {
            char[] again = console.readPassword("Again: ");
            if (again == null || !Arrays.equals(first, again)) {
                throw CertwizException.badUsage("the two passphrases differ");
            }
            Arrays.fill(again, '\0');
        }
        return first;
    }

    private static void refuseIfOthersCanRead(Path file) {
        Set<PosixFilePermission> permissions;
        try {
            permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return; // InputFiles says what is wrong with it
        }
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            throw CertwizException.refused("the passphrase file " + file
                    + " can be read by others; make it readable by its owner only (chmod 600)");
        }
    }
}
