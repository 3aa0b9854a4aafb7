package io.certwiz.server;

import io.certwiz.usage.Usage;
import java.nio.file.Path;

/**
 * Where the listeners bind. Port 0 picks a free port (tests). The ACME server's validator resolves order
 * names through {@code acmeHosts} (a hosts-format file; null: DNS) and checks http-01 on
 * {@code acmeHttpPort} and tls-alpn-01 on {@code acmeTlsPort}.
 */
public record ServeOptions(
        String bind,
        int portDefault,
        int portWebInternal,
        int portWebExternal,
        Path acmeHosts,
        int acmeHttpPort,
        int acmeTlsPort) {
    public static final int DEFAULT_PORT = 5061;
    public static final int WEB_INTERNAL_PORT = 8443;
    public static final int WEB_EXTERNAL_PORT = 4443;
    public static final int ACME_HTTP_PORT = 80;
    public static final int ACME_TLS_PORT = 443;

    /** The listeners only; ACME validation through DNS on ports 80 and 443. */
    public ServeOptions(String bind, int portDefault, int portWebInternal, int portWebExternal) {
        this(bind, portDefault, portWebInternal, portWebExternal, null, ACME_HTTP_PORT, ACME_TLS_PORT);
    }

    public static ServeOptions defaults() {
        return new ServeOptions("127.0.0.1", DEFAULT_PORT, WEB_INTERNAL_PORT, WEB_EXTERNAL_PORT);
    }

    public int port(Usage usage) {
        return switch (usage) {
            case Default -> portDefault;
            case WebServicesInternal -> portWebInternal;
            case WebServicesExternal -> portWebExternal;
            case OAuthTokenIssuer -> throw new IllegalArgumentException("OAuthTokenIssuer has no listener");
        };
    }
}
