package io.certwiz.cli;

import io.certwiz.CertwizException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where a command writes {@code --out FILE}: {@code -} is standard output; a new or regular file is
 * replaced at once (a temporary file beside it, renamed over it), 0600 when it holds a secret, else
 * 0644; a device or FIFO that exists ({@code /dev/null}, a pipe) is written into as it is, never
 * replaced; a directory or a symbolic link is refused, so no link is followed and no device is replaced.
 */
final class OutputFiles {
    private OutputFiles() {}

    /** A checked {@code --out} target; {@code option} names it in errors. */
    record Target(Path path, String option) {
        boolean isStdout() {
            return path.toString().equals("-");
        }

        /** The absolute path, or {@code -} for standard output. */
        String shown() {
            return isStdout() ? "-" : path.toAbsolutePath().toString();
        }

        /** Writes the file; {@code secret} makes a new or replaced file 0600 from its first byte. */
        void write(byte[] content, boolean secret, Stdio stdio) {
            try {
                if (isStdout()) {
                    stdio.write(content);
                    return;
                }
                BasicFileAttributes existing = attributes(path);
                if (existing != null && existing.isOther()) {
                    // A device or FIFO: written into, never renamed over (and never made 0600).
                    try (OutputStream out =
                            Files.newOutputStream(path, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                        out.write(content);
                    }
                    return;
                }
                check(this);
                replace(path, content, secret);
            } catch (IOException e) {
                throw CertwizException.error("cannot write " + path + ": " + reason(e), e);
            }
        }
    }

    /** Checks {@code --out} before any work is done, so a bad target costs nothing. */
    static Target target(Path path, String option) {
        Target target = new Target(path, option);
        if (!target.isStdout()) {
            check(target);
        }
        return target;
    }

    private static void check(Target target) {
        Path path = target.path();
        BasicFileAttributes existing = attributes(path);
        if (existing != null && existing.isSymbolicLink()) {
            String to;
            try {
                to = " (to " + Files.readSymbolicLink(path) + ")";
            } catch (IOException | UnsupportedOperationException e) {
                to = "";
            }
            throw CertwizException.error(target.option() + " " + path + " is a symbolic link" + to
                    + "; certwiz does not write through links: give the file itself, or - for standard output");
        }
        if (existing != null && existing.isDirectory()) {
            throw CertwizException.error(target.option() + " " + path + " is a directory; give a file name");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (existing == null && (parent == null || !Files.isDirectory(parent))) {
            throw CertwizException.error("cannot write " + path + ": no such directory " + parent);
        }
    }

    private static BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return null;
        }
    }

    /** Replaces a regular file (or makes it) in one rename; the rename replaces a link itself, never its target. */
    private static void replace(Path file, byte[] content, boolean secret) throws IOException {
        Path temp = Files.createTempFile(
                file.toAbsolutePath().getParent(),
                ".certwiz-",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.write(temp, content, StandardOpenOption.TRUNCATE_EXISTING);
            if (!secret) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? "I/O error" : e.getMessage();
    }
}
