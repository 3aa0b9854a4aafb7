package io.certwiz.acme.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * An HTTP/1.x response as the http-01 validator reads it (RFC 9112 framing: Content-Length, chunked, or
 * to the end), at most {@link #MAX_BYTES} in all. The body is read only for status 200: no other answer
 * can validate a challenge.
 */
record HttpAnswer(int status, String body) {
    static final int MAX_BYTES = 16 * 1024;
    private static final int MAX_CHUNK_SIZE_DIGITS = 7;

    /** The answer is not HTTP/1.x; the message is the validator's own words, never the peer's bytes. */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }

    /** How the body of a 200 answer ends. */
    private record Head(int status, int bodyStart, boolean chunked, long contentLength) {}

    static HttpAnswer read(InputStream in) throws IOException {
        byte[] buffer = new byte[MAX_BYTES];
        int length = 0;
        Head head = null;
        while (true) {
            if (length == buffer.length) {
                throw new Malformed("the answer is larger than " + MAX_BYTES + " bytes");
            }
            int n = in.read(buffer, length, buffer.length - length);
            boolean ended = n < 0;
            int scanFrom = Math.max(0, length - 3);
            if (!ended) {
                length += n;
            }
            if (head == null) {
                int headEnd = indexOf(buffer, scanFrom, length, "\r\n\r\n");
                if (headEnd < 0) {
                    if (ended) {
                        throw new Malformed("the answer ends inside its header");
                    }
                    continue;
                }
                head = head(buffer, headEnd);
                if (head.status() != 200) {
                    return new HttpAnswer(head.status(), "");
                }
            }
            byte[] body = body(head, buffer, length, ended);
            if (body != null) {
                return new HttpAnswer(head.status(), new String(body, StandardCharsets.UTF_8));
            }
            if (ended) {
                throw new Malformed("the answer ends before its body does");
            }
        }
    }

    /** The body once it is complete, else null. */
    private static byte[] body(Head head, byte[] buffer, int length, boolean ended) throws Malformed {
        int start = head.bodyStart();
        if (head.chunked()) {
            return dechunk(buffer, start, length);
        }
        if (head.contentLength() >= 0) {
            return length - start >= head.contentLength()
                    ? Arrays.copyOfRange(buffer, start, start + (int) head.contentLength())
                    : null;
        }
        return ended ? Arrays.copyOfRange(buffer, start, length) : null;
    }

    private static Head head(byte[] buffer, int headEnd) throws Malformed {
        String[] lines = new String(buffer, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n", -1);
        String[] statusLine = lines[0].split(" ", 3);
        if (statusLine.length < 2
                || !statusLine[0].matches("HTTP/1\\.[0-9]")
                || !statusLine[1].matches("[1-5][0-9][0-9]")) {
            throw new Malformed("the status line is not HTTP/1.x");
        }
        boolean chunked = false;
        boolean otherCoding = false;
        long contentLength = -1;
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new Malformed("a header line is malformed");
            }
            String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            if (name.equals("content-length")) {
                long declared = contentLength(value);
                if (contentLength >= 0 && contentLength != declared) {
                    throw new Malformed("the Content-Length headers disagree");
                }
                contentLength = declared;
            } else if (name.equals("transfer-encoding")) {
                // Only the last coding frames the body (RFC 9112 6.1).
                String[] codings = value.toLowerCase(Locale.ROOT).split(",", -1);
                String last = codings[codings.length - 1].strip();
                if (last.isEmpty()) {
                    throw new Malformed("the Transfer-Encoding names no coding last");
                }
                chunked = last.equals("chunked");
                otherCoding = !chunked;
            }
        }
        int status = Integer.parseInt(statusLine[1]);
        int bodyStart = headEnd + 4;
        if (chunked || otherCoding) {
            // Transfer-Encoding overrides Content-Length; a body not chunked last runs to the end.
            return new Head(status, bodyStart, chunked, -1);
        }
        return new Head(status, bodyStart, false, contentLength);
    }

    private static long contentLength(String value) throws Malformed {
        if (!value.matches("[0-9]{1,19}")) {
            throw new Malformed("the Content-Length is not a number");
        }
        long length = value.length() > 9 ? Long.MAX_VALUE : Long.parseLong(value);
        if (length > MAX_BYTES) {
            throw new Malformed("the answer is larger than " + MAX_BYTES + " bytes");
        }
        return length;
    }

    /** The chunked body (RFC 9112 7.1) in {@code data[from, to)} once it is complete, else null. */
    static byte[] dechunk(byte[] data, int from, int to) throws Malformed {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = from;
        while (true) {
            int lineEnd = indexOf(data, at, to, "\r\n");
            if (lineEnd < 0) {
                return null;
            }
            int size = chunkSize(new String(data, at, lineEnd - at, StandardCharsets.ISO_8859_1));
            at = lineEnd + 2;
            if (size == 0) {
                return trailersEnd(data, at, to) ? out.toByteArray() : null;
            }
            if (to - at < size + 2) {
                return null;
            }
            if (data[at + size] != '\r' || data[at + size + 1] != '\n') {
                throw new Malformed("a chunk is not followed by CRLF");
            }
            out.write(data, at, size);
            at += size + 2;
        }
    }

    private static int chunkSize(String line) throws Malformed {
        int semicolon = line.indexOf(';');
        String digits = (semicolon >= 0 ? line.substring(0, semicolon) : line).stripTrailing();
        if (!digits.matches("[0-9a-fA-F]+")) {
            throw new Malformed("a chunk size is not a hexadecimal number");
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > MAX_CHUNK_SIZE_DIGITS) {
            throw new Malformed("a chunk is larger than " + MAX_BYTES + " bytes");
        }
        return Integer.parseInt(significant, 16);
    }

    /** Whether the trailer section after the last chunk has ended (with its empty line). */
    private static boolean trailersEnd(byte[] data, int at, int to) {
        while (true) {
            int lineEnd = indexOf(data, at, to, "\r\n");
            if (lineEnd < 0) {
                return false;
            }
            if (lineEnd == at) {
                return true;
            }
            at = lineEnd + 2;
        }
    }

    private static int indexOf(byte[] data, int from, int to, String ascii) {
        byte[] pattern = ascii.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i + pattern.length <= to; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
