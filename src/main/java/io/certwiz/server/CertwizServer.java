package io.certwiz.server;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.acme.client.ServerResponders;
import io.certwiz.acme.client.TlsAlpnAnswers;
import io.certwiz.alert.Evaluation;
import io.certwiz.ca.OcspResponder;
import io.certwiz.renewal.RenewalScheduler;
import io.certwiz.renewal.RenewalService;
import io.certwiz.renewal.ServedCheck;
import io.certwiz.revocation.HttpFetcher;
import io.certwiz.server.tls.ListenerStatus;
import io.certwiz.server.tls.TlsListeners;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * {@code certwiz serve}: three TLS listeners, each presenting the certificate assigned to its usage —
 * Default (mutual TLS between servers), WebServicesInternal (the wizard and the REST API) and
 * WebServicesExternal (public CA certificates, CRL, health, the ACME server) — swapped without a
 * restart, and the plain-HTTP listener.
 */
public final class CertwizServer implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CertwizServer.class);
    static final long MAX_REQUEST_BYTES = 1024 * 1024;
    static final long PRE_SIGN_MINUTES = 10;

    private final Certwiz certwiz;
    private final TlsListeners listeners;
    private final ServedCheck served;
    private RenewalScheduler scheduler;
    private final Map<Usage, Javalin> apps = new EnumMap<>(Usage.class);
    private Javalin httpApp;
    private final OcspResponder ocsp;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "certwiz-ocsp-presign");
        thread.setDaemon(true);
        return thread;
    });
    private ServerConnector httpConnector;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "certwiz-alerts");
        thread.setDaemon(true);
        return thread;
    });

    private CertwizServer(Certwiz certwiz, ServeOptions options) {
        this.certwiz = certwiz;
        ServerIdentity identity = certwiz.identity();
        this.ocsp = certwiz.ocspResponder();
        this.listeners = new TlsListeners(
                identity,
                certwiz.credentials(),
                new TlsAlpnAnswers(certwiz.store(), certwiz.acmeClientRecords(), certwiz.clock()),
                certwiz.clock(),
                Certwiz.revocationChecker(certwiz.store(), certwiz.clock()),
                new OcspStaples(ocsp, certwiz.embeddedCa().intermediate(), new HttpFetcher()));
        this.served = InjectedFault.around(listeners.probe(options.bind(), identity));
    }

    public static CertwizServer start(Certwiz certwiz, ServeOptions options) {
        CertwizServer server = new CertwizServer(certwiz, options);
        try {
            server.listeners.start();
            server.startListener(Usage.Default, options, DefaultEndpoints::install);
            server.startListener(
                    Usage.WebServicesInternal,
                    options,
                    config -> InternalSite.install(config, certwiz, server.listeners, server.served, server::refresh));
            server.startListener(Usage.WebServicesExternal, options, config -> {
                ExternalEndpoints.install(config, certwiz, server.ocsp);
                certwiz.acmeServer(
                                new io.certwiz.acme.server.ValidationSettings(
                                        options.acmeHosts(), options.acmeHttpPort(), options.acmeTlsPort()),
                                () -> server.port(Usage.WebServicesExternal))
                        .install(config);
            });
            if (options.httpPort() != ServeOptions.OFF) {
                server.startHttpListener(options);
            }
            server.ticker.scheduleWithFixedDelay(
                    server::tickQuietly, TICK.toSeconds(), TICK.toSeconds(), TimeUnit.SECONDS);
            if (options.renewCheckInterval() != null) {
                server.scheduler = new RenewalScheduler(server::renewals, options.renewCheckInterval()).start();
            }
            server.background.scheduleWithFixedDelay(server::preSign, 0, PRE_SIGN_MINUTES, TimeUnit.MINUTES);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** How often staged roll-overs are completed and alerts evaluated. */
    static final Duration TICK = Duration.ofMinutes(1);

    /**
     * One round of the server's housekeeping: completes the roll-overs whose effective date came (the roll
     * itself already happened for every reader; this records it) and evaluates the alerts, with what each
     * listener serves.
     */
    public Evaluation tick() {
        certwiz.assignments().completeDueRolls();
        return certwiz.alerts().evaluate(served());
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("alert evaluation failed: {}", e.getMessage());
        }
    }

    /** The thumbprint each listener presents (a temporary certificate counts as none). */
    Map<Usage, String> served() {
        Map<Usage, String> served = new EnumMap<>(Usage.class);
        for (Usage usage : TlsListeners.USAGES) {
            ListenerStatus status = listeners.status(usage);
            if (status != null && !status.temporary() && status.thumbprint() != null) {
                served.put(usage, status.thumbprint());
            }
        }
        return served;
    }

    /** The application behind a listener (for the tests). */
    Javalin app(Usage usage) {
        return apps.get(usage);
    }

    /** Renewal as this server runs it: the scheduler's actor, what is served verified by handshakes. */
    public RenewalService renewals() {
        return certwiz.as("serve:renewal").renewals().verifiedBy(served);
    }

    /** The check of what this server's listeners serve (a handshake to each). */
    public ServedCheck servedCheck() {
        return served;
    }

    /** The TLS side of the listeners (for the tests). */
    TlsListeners listeners() {
        return listeners;
    }

    private void startListener(Usage usage, ServeOptions options, Consumer<JavalinConfig> routes) {
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            config.jetty.multipartConfig.maxTotalRequestSize(MAX_REQUEST_BYTES, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxFileSize(MAX_REQUEST_BYTES, SizeUnit.BYTES);
            config.jetty.addConnector((server, httpConfig) ->
                    listeners.connector(usage, server, httpConfig, options.bind(), options.port(usage)));
            routes.accept(config);
        });
        apps.put(usage, start(app, "the " + usage + " listener", options.bind(), options.port(usage)));
    }

    /**
     * The plain-HTTP listener: ACME http-01 answers for certwiz's own requests, the embedded CA's CRL, CA
     * certificates and OCSP responder (signed data, fetched over plain HTTP as RFC 5280 and RFC 6960
     * clients do), and a redirect to WebServicesExternal for everything else.
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
            ServerResponders.installHttp01(
                    config, certwiz.store(), certwiz.acmeClientRecords(), certwiz.clock(), certwiz.data());
            PkiEndpoints.install(config, certwiz, ocsp);
            // The configured external name, never the request's Host header, which a client sets at will.
            String external = certwiz.identity().webExternalFqdn();
            config.routes.before(ctx -> {
                if (ctx.path().startsWith(ServerResponders.HTTP01_PATH)
                        || ctx.path().startsWith(PkiEndpoints.PREFIX)) {
                    return;
                }
                int port = port(Usage.WebServicesExternal);
                ctx.redirect(
                        "https://" + external + (port == 443 ? "" : ":" + port) + ctx.path(),
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

    /** The port a listener is bound to (useful with port 0). */
    public int port(Usage usage) {
        return listeners.port(usage);
    }

    /** Signs OCSP responses ahead for the embedded CA's certificates (and again at half of their validity). */
    private void preSign() {
        try {
            ocsp.preSign();
        } catch (RuntimeException e) {
            LOG.warn("cannot sign OCSP responses ahead: {}", e.getMessage());
        }
    }

    /** The embedded CA's OCSP responder this server runs. */
    public OcspResponder ocsp() {
        return ocsp;
    }

    /** Applies store changes now instead of at the next poll. */
    public void refresh() {
        ocsp.invalidate();
        listeners.refresh();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        if (scheduler != null) {
            scheduler.close();
        }
        List<Javalin> running = new ArrayList<>(apps.values());
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
        background.shutdownNow();
        listeners.close();
    }
}
