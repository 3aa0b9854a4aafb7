package io.certwiz.server;

import io.certwiz.usage.Usage;
import java.nio.file.Path;

/**
 * Where the listeners bind. Port 0 picks a free port (tests). {@code httpPort} is the plain-HTTP listener
 * that answers ACME http-01 challenges for certwiz's own requests and redirects everything else to
 * WebServicesExternal ({@link #OFF}: none). The ACME server's validator resolves order names through
 * {@code acmeHosts} (a hosts-format file; null: DNS) and checks http-01 on {@code acmeHttpPort} and
 * tls-alpn-01 on {@code acmeTlsPort}. The renewal scheduler runs every {@code renewCheckInterval} (null:
 * none, as in most tests).
 */
public record ServeOptions(
        String bind,
        int portDefault,
        int portWebInternal,
        int portWebExternal,
        int httpPort,
        Path acmeHosts,
        int acmeHttpPort,
        int acmeTlsPort,
        java.time.Duration renewCheckInterval) {
    public static final int DEFAULT_PORT = 5061;
    public static final int WEB_INTERNAL_PORT = 8443;
    public static final int WEB_EXTERNAL_PORT = 4443;
    public static final int HTTP_PORT = 8080;
    public static final int ACME_HTTP_PORT = 80;
    public static final int ACME_TLS_PORT = 443;
    /** No plain-HTTP listener. */
    public static final int OFF = -1;

    /** Without a renewal scheduler. */
    public ServeOptions(
            String bind,
            int portDefault,
            int portWebInternal,
            int portWebExternal,
            int httpPort,
            Path acmeHosts,
            int acmeHttpPort,
            int acmeTlsPort) {
        this(bind, portDefault, portWebInternal, portWebExternal, httpPort, acmeHosts, acmeHttpPort, acmeTlsPort, null);
    }

    /** The TLS listeners only; ACME validation through DNS on ports 80 and 443. */
    public ServeOptions(String bind, int portDefault, int portWebInternal, int portWebExternal) {
        this(bind, portDefault, portWebInternal, portWebExternal, OFF, null, ACME_HTTP_PORT, ACME_TLS_PORT);
    }

    /** The TLS listeners and the ACME server's validation settings, no plain-HTTP listener. */
    public ServeOptions(
            String bind,
            int portDefault,
            int portWebInternal,
            int portWebExternal,
            Path acmeHosts,
            int acmeHttpPort,
            int acmeTlsPort) {
        this(bind, portDefault, portWebInternal, portWebExternal, OFF, acmeHosts, acmeHttpPort, acmeTlsPort);
    }

    /** How often {@code certwiz serve} looks for certificates due for renewal unless told otherwise. */
    public static final java.time.Duration RENEW_CHECK_INTERVAL = java.time.Duration.ofMinutes(10);

    public static ServeOptions defaults() {
        return new ServeOptions("127.0.0.1", DEFAULT_PORT, WEB_INTERNAL_PORT, WEB_EXTERNAL_PORT)
                .withHttpPort(HTTP_PORT)
                .withRenewCheckInterval(RENEW_CHECK_INTERVAL);
    }

    /** The same with the renewal scheduler running every {@code interval} (null: none). */
    public ServeOptions withRenewCheckInterval(java.time.Duration interval) {
        return new ServeOptions(
                bind,
                portDefault,
                portWebInternal,
                portWebExternal,
                httpPort,
                acmeHosts,
                acmeHttpPort,
                acmeTlsPort,
                interval);
    }

    /** The same with a plain-HTTP listener on {@code port} (0: a free port; {@link #OFF}: none). */
    public ServeOptions withHttpPort(int port) {
        return new ServeOptions(
                bind,
                portDefault,
                portWebInternal,
                portWebExternal,
                port,
                acmeHosts,
                acmeHttpPort,
                acmeTlsPort,
                renewCheckInterval);
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
