package io.certwiz.cli;

import java.nio.charset.StandardCharsets;

/** A password from a password file: its first line, without the line ending. */
final class Passwords {
    private Passwords() {}

    static char[] firstLine(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8);
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        return line.toCharArray();
    }
}
