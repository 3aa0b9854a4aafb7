package io.certwiz.server.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 keep-alive over one TLS socket kept open by the test, so a test can send a request, let
 * something happen (a certificate swap), and send another request on the same connection.
 */
public final class RawHttp implements AutoCloseable {
    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;

    public record Response(int status, Map<String, String> headers, String body) {}

    public RawHttp(int port, SSLContext context) throws IOException {
        socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    public SSLSocket socket() {
        return socket;
    }

    /** The leaf this connection's server presented when it was opened. */
    public X509Certificate serverLeaf() throws IOException {
        return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }

    public Response get(String path, String bearer) throws IOException {
        StringBuilder request = new StringBuilder(
                "GET " + path + " HTTP/1.1\r\nHost: " + TestServer.FQDN + "\r\nConnection: keep-alive\r\n");
        if (bearer != null) {
            request.append("Authorization: Bearer ").append(bearer).append("\r\n");
        }
        request.append("\r\n");
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return read();
    }

    /** Sends a request head exactly as given (no body), for requests no HTTP client would make. */
    public Response raw(String head) throws IOException {
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return read();
    }

    /**
     * Sends a request with a chunked body from another thread while reading the response here, so a
     * server that answers before it has read everything (413) is heard even if it stops reading.
     */
    public Response postChunked(String path, Map<String, String> headers, byte[] body) throws IOException {
        StringBuilder request = new StringBuilder(
                "POST " + path + " HTTP/1.1\r\nHost: " + TestServer.FQDN + "\r\nTransfer-Encoding: chunked\r\n");
        headers.forEach(
                (name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        out.write(request.toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread writer = Thread.ofPlatform().daemon().start(() -> {
            try {
                for (int offset = 0; offset < body.length; offset += 16384) {
                    int n = Math.min(16384, body.length - offset);
                    out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body, offset, n);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException ignored) {
                // the server stopped reading: expected when it refuses the body
            }
        });
        try {
            return read();
        } finally {
            writer.interrupt();
        }
    }

    private Response read() throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("the server closed the connection");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            headers.put(
                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    line.substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                int size = Integer.parseInt(line().split(";")[0].strip(), 16);
                if (size == 0) {
                    for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                        // trailers ignored
                    }
                    break;
                }
                body.write(in.readNBytes(size));
                line();
            }
        } else if (headers.containsKey("content-length")) {
            body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String text = line.toString(StandardCharsets.US_ASCII);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(c);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
