package io.certwiz.cli;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Standard input and output of one command line: {@code in} is what a file named {@code -} reads,
 * {@code out} the bytes {@code --out -} writes, and {@code text} the same standard output for text.
 */
record Stdio(InputStream in, OutputStream out, PrintWriter text) {
    /** Writes bytes straight to standard output, after the text written so far. */
    void write(byte[] bytes) throws java.io.IOException {
        text.flush();
        out.write(bytes);
        out.flush();
    }

    /** Standard output that only has a text writer: bytes reach it as ISO-8859-1 characters (PEM as it is). */
    static OutputStream textOnly(PrintWriter text) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                text.write(b & 0xFF);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                text.write(new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
            }

            @Override
            public void flush() {
                text.flush();
            }
        };
    }
}
