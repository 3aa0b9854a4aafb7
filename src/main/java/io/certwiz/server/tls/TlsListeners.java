package io.certwiz.server.tls;

import io.certwiz.acme.client.TlsAlpnAnswers;
import io.certwiz.assignment.AssignedCredentials;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;

/**
 * The TLS side of the three listeners: each presents the certificate assigned to its usage (a
 * temporary one until there is one), swapped without a restart as the store changes. Default asks
 * for a client certificate (mutual TLS); WebServicesExternal answers tls-alpn-01 challenges.
 */
public final class TlsListeners implements AutoCloseable {
    /** The usages that have a listener, in the order they start. */
    public static final List<Usage> USAGES =
            List.of(Usage.Default, Usage.WebServicesInternal, Usage.WebServicesExternal);

    private final Map<Usage, UsageKeyManager> keyManagers = new EnumMap<>(Usage.class);
    private final Map<Usage, ServerConnector> connectors = new EnumMap<>(Usage.class);
    private final ListenerMetrics metrics = new ListenerMetrics();
    private final CredentialWatcher watcher;
    private final ClientTrustManager clientTrust;
    private final AcmeTlsAlpn acmeTlsAlpn;
    private final OcspStapler stapler;
    private final ScheduledExecutorService stapling = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "certwiz-ocsp-stapling");
        thread.setDaemon(true);
        return thread;
    });

    public TlsListeners(
            ServerIdentity identity, AssignedCredentials credentials, TlsAlpnAnswers tlsAlpnAnswers, Clock clock) {
        this(identity, credentials, tlsAlpnAnswers, clock, null, StapleSource.NONE);
    }

    /**
     * With {@code revocation}: the Default listener refuses a revoked client certificate; with {@code
     * staples}: each listener staples its certificate's OCSP response ({@link OcspStapler}).
     */
    public TlsListeners(
            ServerIdentity identity,
            AssignedCredentials credentials,
            TlsAlpnAnswers tlsAlpnAnswers,
            Clock clock,
            io.certwiz.revocation.RevocationChecker revocation,
            StapleSource staples) {
        this.acmeTlsAlpn = new AcmeTlsAlpn(tlsAlpnAnswers);
        Map<Usage, KeyMaterial> temporaries = new EnumMap<>(Usage.class);
        for (Usage usage : USAGES) {
            KeyMaterial temporary = TemporaryCertificate.make(identity.fqdnFor(usage), usage.name(), clock.instant());
            temporaries.put(usage, temporary);
            keyManagers.put(usage, new UsageKeyManager(usage.name(), temporary, tlsAlpn(usage)));
        }
        this.watcher = new CredentialWatcher(credentials, keyManagers, temporaries, metrics, clock);
        this.clientTrust = new ClientTrustManager(watcher::trust, clock, revocation);
        // Decided once: without an engine that staples, nothing is asked for and no handshake looks.
        this.stapler = staples == StapleSource.NONE || !TlsContexts.staples()
                ? null
                : new OcspStapler(staples, usage -> keyManagers.get(usage).current(), clock);
    }

    private AcmeTlsAlpn tlsAlpn(Usage usage) {
        return usage == Usage.WebServicesExternal ? acmeTlsAlpn : null;
    }

    /** Loads what each listener presents and starts following the store. */
    public void start() {
        watcher.start();
        if (stapler != null) {
            stapling.scheduleWithFixedDelay(
                    () -> stapler.refresh(USAGES, false), 0, STAPLING_POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    /** How often the listeners look whether a staple is due (asking happens only then). */
    static final long STAPLING_POLL_MILLIS = 2_000;

    /**
     * The TLS connector of {@code usage}'s listener in {@code server}, on {@code host:port}; each failed
     * handshake is counted in {@link #metrics()}.
     */
    public ServerConnector connector(Usage usage, Server server, HttpConfiguration httpConfig, String host, int port) {
        HttpConfiguration https = new HttpConfiguration(httpConfig);
        https.setSendServerVersion(false);
        https.addCustomizer(new SecureRequestCustomizer(false, false, 31_536_000L, false));
        SslConnectionFactory tls = new SslConnectionFactory(
                TlsContexts.factory(
                        keyManagers.get(usage),
                        usage == Usage.Default ? clientTrust : null,
                        tlsAlpn(usage),
                        stapler == null ? null : () -> stapler.staple(usage)),
                "http/1.1");
        tls.addBean(new SslHandshakeListener() {
            @Override
            public void handshakeFailed(Event event, Throwable failure) {
                metrics.handshakeFailed(usage.name());
            }
        });
        tls.addBean(new Connection.Listener() {
            @Override
            public void onClosed(Connection connection) {
                if (connection instanceof SslConnection ssl) {
                    TlsContexts.release(ssl.getSSLEngine());
                }
            }
        });
        ServerConnector connector = new ServerConnector(server, tls, new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        connectors.put(usage, connector);
        return connector;
    }

    /** The port a listener is bound to (useful with port 0), or -1 before it is. */
    public int port(Usage usage) {
        ServerConnector connector = connectors.get(usage);
        return connector == null ? -1 : connector.getLocalPort();
    }

    /** How a listener stands, or null before it first loaded its certificate. */
    public ListenerStatus status(Usage usage) {
        return watcher.status(usage);
    }

    /**
     * Applies store changes now instead of at the next poll, and asks for every staple again in the
     * background (a revocation made here must not wait for the half-life of the response stapled now).
     */
    public void refresh() {
        watcher.refresh();
        if (stapler != null) {
            try {
                stapling.execute(() -> stapler.refresh(USAGES, true));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed
            }
        }
    }

    /** What {@code usage}'s listener staples (for the tests): null when its certificate names no responder. */
    OcspStapler.State staple(Usage usage) {
        return stapler == null ? null : stapler.state(usage);
    }

    /** What {@code usage}'s listener staples now; null when it has nothing to staple for (no responder named). */
    public StapleStatus stapling(Usage usage) {
        OcspStapler.State state = staple(usage);
        if (state == null) {
            return null;
        }
        return new StapleStatus(state.staple() == null ? null : state.staple().nextUpdate(), state.error());
    }

    /** The renewal's check of what these listeners serve, connecting to {@code host} (the bind address). */
    public io.certwiz.renewal.ServedCheck probe(String host, ServerIdentity identity) {
        return new ServedProbe(this, host, identity);
    }

    public ListenerMetrics metrics() {
        return metrics;
    }

    /** "conscrypt" or "jdk": the TLS engine the listeners use in this process. */
    public static String engine() {
        return TlsContexts.engine();
    }

    /** A listener's key manager (for the tests). */
    UsageKeyManager keyManager(Usage usage) {
        return keyManagers.get(usage);
    }

    @Override
    public void close() {
        stapling.shutdownNow();
        watcher.close();
    }
}
