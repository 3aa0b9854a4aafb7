package io.certwiz.cli;

import io.certwiz.CertwizException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a password from a file: its first line, without the line ending. */
final class Passwords {
    private Passwords() {}

    static char[] read(Path file) {
        if (file == null) {
            return null;
        }
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String line = end < 0 ? text : text.substring(0, end);
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            return line.toCharArray();
        } catch (NoSuchFileException e) {
            throw CertwizException.notFound("no such password file: " + file);
        } catch (IOException e) {
            throw CertwizException.error("cannot read the password file " + file + ": " + e.getMessage());
        }
    }
}
