package io.certwiz.revocation;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * {@link Fetcher} over the JDK's HTTP client: http and https only, short timeouts (a revocation check must
 * not hang a command or a handshake for long), redirects followed but never from https to http, and a
 * size limit read as the body arrives.
 */
public final class HttpFetcher implements Fetcher {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    @Override
    public byte[] get(URI uri, int maxBytes) throws IOException {
        return send(HttpRequest.newBuilder(check(uri)).GET(), maxBytes);
    }

    @Override
    public byte[] post(URI uri, String contentType, byte[] body, int maxBytes) throws IOException {
        return send(
                HttpRequest.newBuilder(check(uri))
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)),
                maxBytes);
    }

    private static URI check(URI uri) throws IOException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IOException("not an http or https URL: " + uri);
        }
        return uri;
    }

    private byte[] send(HttpRequest.Builder request, int maxBytes) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = client.send(
                    request.timeout(REQUEST_TIMEOUT)
                            .header("User-Agent", "certwiz")
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new IOException("larger than " + maxBytes + " bytes");
            }
            return bytes;
        }
    }
}
