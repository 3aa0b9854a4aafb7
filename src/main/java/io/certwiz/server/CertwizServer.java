package io.certwiz.server;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.acme.client.ServerResponders;
import io.certwiz.acme.client.TlsAlpnAnswers;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * {@code certwiz serve}: three TLS listeners, each presenting the certificate assigned to its usage —
 * Default (mutual TLS between servers), WebServicesInternal (the wizard and the REST API) and
 * WebServicesExternal (public CA certificates, CRL, health) — swapped without a restart.
 */
public final class CertwizServer implements AutoCloseable {
    static final List<Usage> LISTENER_USAGES =
            List.of(Usage.Default, Usage.WebServicesInternal, Usage.WebServicesExternal);
    static final long MAX_REQUEST_BYTES = 1024 * 1024;

    private final Certwiz certwiz;
    private final ServerMetrics metrics = new ServerMetrics();
    private final Map<Usage, UsageKeyManager> keyManagers = new EnumMap<>(Usage.class);
    private final Map<Usage, Javalin> apps = new EnumMap<>(Usage.class);
    private final Map<Usage, ServerConnector> connectors = new EnumMap<>(Usage.class);
    private final CredentialWatcher watcher;
    private final AcmeTlsAlpn acmeTlsAlpn;
    private Javalin httpApp;
    private ServerConnector httpConnector;

    private CertwizServer(Certwiz certwiz) {
        this.certwiz = certwiz;
        ServerIdentity identity = certwiz.identity();
        this.acmeTlsAlpn =
                new AcmeTlsAlpn(new TlsAlpnAnswers(certwiz.store(), certwiz.acmeClientRecords(), certwiz.clock()));
        Map<Usage, KeyMaterial> temporaries = new EnumMap<>(Usage.class);
        for (Usage usage : LISTENER_USAGES) {
            KeyMaterial temporary = TemporaryCertificate.make(identity.fqdnFor(usage), usage.name());
            temporaries.put(usage, temporary);
            keyManagers.put(
                    usage,
                    new UsageKeyManager(
                            usage.name(), temporary, usage == Usage.WebServicesExternal ? acmeTlsAlpn : null));
        }
        this.watcher = new CredentialWatcher(certwiz.credentials(), keyManagers, temporaries, metrics);
    }

    public static CertwizServer start(Certwiz certwiz, ServeOptions options) {
        CertwizServer server = new CertwizServer(certwiz);
        try {
            server.watcher.start();
            ClientTrustManager clientTrust = new ClientTrustManager(server.watcher::trust);
            server.startListener(Usage.Default, options, clientTrust, config -> DefaultEndpoints.install(config));
            server.startListener(
                    Usage.WebServicesInternal, options, null, config -> InternalSite.install(config, server.context()));
            server.startListener(Usage.WebServicesExternal, options, null, config -> {
                ExternalEndpoints.install(config, certwiz);
                certwiz.acmeServer(
                                new io.certwiz.acme.server.ValidationSettings(
                                        options.acmeHosts(), options.acmeHttpPort(), options.acmeTlsPort()),
                                () -> server.port(Usage.WebServicesExternal))
                        .install(config);
            });
            if (options.httpPort() != ServeOptions.OFF) {
                server.startHttpListener(options);
            }
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** What the internal site needs from the running server. */
    ServerContext context() {
        return new ServerContext(certwiz, watcher, metrics, this::port);
    }

    private void startListener(
            Usage usage, ServeOptions options, ClientTrustManager clientTrust, Consumer<JavalinConfig> routes) {
        SslContextFactory.Server ssl = TlsContexts.factory(
                keyManagers.get(usage), clientTrust, usage == Usage.WebServicesExternal ? acmeTlsAlpn : null);
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jetty.multipartConfig.maxTotalRequestSize(MAX_REQUEST_BYTES, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxFileSize(MAX_REQUEST_BYTES, SizeUnit.BYTES);
            config.jetty.addConnector((server, httpConfig) -> {
                HttpConfiguration https = new HttpConfiguration(httpConfig);
                https.setSendServerVersion(false);
                https.addCustomizer(new SecureRequestCustomizer(false, false, 31_536_000L, false));
                SslConnectionFactory tls = new SslConnectionFactory(ssl, "http/1.1");
                tls.addBean(new SslHandshakeListener() {
                    @Override
                    public void handshakeFailed(Event event, Throwable failure) {
                        metrics.handshakeFailed(usage.name());
                    }
                });
                ServerConnector connector = new ServerConnector(server, tls, new HttpConnectionFactory(https));
                connector.setHost(options.bind());
                connector.setPort(options.port(usage));
                connectors.put(usage, connector);
                return connector;
            });
            routes.accept(config);
        });
        apps.put(usage, start(app, "the " + usage + " listener", options.bind(), options.port(usage)));
    }

    /**
     * The plain-HTTP listener: ACME http-01 answers for certwiz's own requests, and a redirect to
     * WebServicesExternal for everything else. Nothing else is ever served without TLS.
     */
    private void startHttpListener(ServeOptions options) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = 8 * 1024;
            config.jetty.addConnector((server, httpConfig) -> {
                HttpConfiguration http = new HttpConfiguration(httpConfig);
                http.setSendServerVersion(false);
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(options.bind());
                connector.setPort(options.httpPort());
                httpConnector = connector;
                return connector;
            });
            ServerResponders.installHttp01(config, certwiz);
            config.routes.before(ctx -> {
                if (ctx.path().startsWith(ServerResponders.HTTP01_PATH)) {
                    return;
                }
                String host = ctx.host() == null ? options.bind() : ctx.host().replaceFirst(":\\d+$", "");
                ctx.redirect(
                        "https://" + host + ":" + port(Usage.WebServicesExternal) + ctx.path(),
                        io.javalin.http.HttpStatus.MOVED_PERMANENTLY);
                ctx.skipRemainingHandlers();
            });
        });
        httpApp = start(app, "the plain-HTTP listener", options.bind(), options.httpPort());
    }

    /** The plain-HTTP listener's port, or -1 when there is none. */
    public int httpPort() {
        return httpConnector == null ? -1 : httpConnector.getLocalPort();
    }

    private static Javalin start(Javalin app, String what, String bind, int port) {
        try {
            return app.start();
        } catch (RuntimeException e) {
            throw CertwizException.error(
                    "cannot start " + what + " on " + bind + ":" + port + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /** A listener's key manager (for the tests). */
    UsageKeyManager keyManagerFor(Usage usage) {
        return keyManagers.get(usage);
    }

    /** The port a listener is bound to (useful with port 0). */
    public int port(Usage usage) {
        ServerConnector connector = connectors.get(usage);
        return connector == null ? -1 : connector.getLocalPort();
    }

    /** Applies store changes now instead of at the next poll. */
    public void refresh() {
        watcher.refresh();
    }

    @Override
    public void close() {
        List<Javalin> running = new java.util.ArrayList<>(apps.values());
        if (httpApp != null) {
            running.add(httpApp);
        }
        for (Javalin app : running) {
            try {
                app.stop();
            } catch (RuntimeException ignored) {
                // Stopping the others matters more.
            }
        }
        watcher.close();
    }
}
