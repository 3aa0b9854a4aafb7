package io.certwiz.acme.server;

import java.nio.file.Path;

/**
 * Where the ACME server's validator connects: the order's names are looked up in {@code hostsFile} (a
 * hosts-format file, used instead of DNS) when given, else in DNS; http-01 goes to {@code httpPort} and
 * tls-alpn-01 to {@code tlsPort} (80 and 443 unless pointed elsewhere for tests and closed networks).
 */
public record ValidationSettings(Path hostsFile, int httpPort, int tlsPort) {
    public static final int HTTP_PORT = 80;
    public static final int TLS_PORT = 443;

    public static ValidationSettings defaults() {
        return new ValidationSettings(null, HTTP_PORT, TLS_PORT);
    }
}
