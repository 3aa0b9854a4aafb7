package io.certwiz.cli;

import io.certwiz.CertwizException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads what the CLI is given to read: a regular file, or standard input for {@code -}, never more than
 * {@link #LIMIT} bytes (as the REST API bounds its bodies). Devices, FIFOs and directories are refused
 * before they are opened, so {@code /dev/zero} cannot fill the memory and a FIFO cannot hang the command.
 */
public final class InputFiles {
    /** The most the CLI reads from one input: 1 MiB, far above any certificate, key or bundle. */
    public static final int LIMIT = 1 << 20;

    private InputFiles() {}

    /** The bytes of {@code file} ({@code what} names it in errors, e.g. "certificate file"). */
    public static byte[] read(Path file, String what) {
        return read(file, what, System.in);
    }

    /** As {@link #read(Path, String)}, with {@code stdin} as the standard input {@code -} reads. */
    static byte[] read(Path file, String what, InputStream stdin) {
        if (isStdin(file)) {
            return bounded(stdin, what + " on standard input");
        }
        checkFile(file, what, "; use - to read standard input");
        try (InputStream in = Files.newInputStream(file)) {
            return bounded(in, what + " " + file);
        } catch (NoSuchFileException e) {
            throw CertwizException.notFound(what + " not found: " + file);
        } catch (IOException e) {
            throw CertwizException.error("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    static boolean isStdin(Path file) {
        return file.toString().equals("-");
    }

    /** How an error names the input: its file name, or "standard input". */
    static String name(Path file) {
        return isStdin(file) ? "standard input" : String.valueOf(file.getFileName());
    }

    /**
     * Checks a file that a service reads itself, as {@link #read} would before reading it: it exists, is a
     * regular file (not {@code -}: standard input cannot be read again later) and is not above the limit.
     */
    public static void check(Path file, String what) {
        if (isStdin(file)) {
            throw CertwizException.badUsage("the " + what + " cannot be - (standard input) here; give a file");
        }
        checkFile(file, what, "");
    }

    private static void checkFile(Path file, String what, String hint) {
        if (!Files.exists(file)) {
            throw CertwizException.notFound(what + " not found: " + file);
        }
        if (Files.isDirectory(file)) {
            throw CertwizException.error(what + " is a directory: " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw CertwizException.error(what + " is not a regular file (a device or a FIFO?): " + file + hint);
        }
        try {
            if (Files.size(file) > LIMIT) {
                throw tooLarge(what, file.toString());
            }
        } catch (NoSuchFileException e) {
            throw CertwizException.notFound(what + " not found: " + file);
        } catch (IOException e) {
            throw CertwizException.error("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] bounded(InputStream in, String what) {
        try {
            byte[] data = in.readNBytes(LIMIT + 1);
            if (data.length > LIMIT) {
                throw tooLarge(what, null);
            }
            return data;
        } catch (IOException e) {
            throw CertwizException.error("cannot read " + what + ": " + e.getMessage(), e);
        }
    }

    private static CertwizException tooLarge(String what, String file) {
        return CertwizException.error(
                what + (file == null ? "" : " " + file) + " is larger than " + (LIMIT >> 20) + " MiB; not read");
    }
}
