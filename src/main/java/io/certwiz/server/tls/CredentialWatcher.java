package io.certwiz.server.tls;

import io.certwiz.assignment.AssignedCredential;
import io.certwiz.assignment.AssignedCredentials;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.usage.Usage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each listener's key manager and the client trust in step with the store. It polls a cheap
 * change marker, so assignments made by the CLI in another process, or by another server of a pool,
 * reach new handshakes within a poll interval; changes made through this server apply at once.
 * A certificate that fails to load (its key's token absent or locked, say) leaves the last good one in
 * place, or the temporary one; the reason is logged, kept in the listener's status and recorded in the
 * store for {@code usages}, and the load is tried again every {@link #RETRY_MILLIS}.
 */
final class CredentialWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialWatcher.class);
    static final long POLL_MILLIS = 200;
    static final long RETRY_MILLIS = 30_000;

    private final AssignedCredentials credentials;
    private final Map<Usage, UsageKeyManager> keyManagers;
    private final Map<Usage, KeyMaterial> temporaries;
    private final ListenerMetrics metrics;
    private final Clock clock;
    private final AtomicReference<TrustSnapshot> trust = new AtomicReference<>(new TrustSnapshot(List.of(), List.of()));
    private final Map<Usage, ListenerStatus> statuses = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "certwiz-credential-watcher");
        thread.setDaemon(true);
        return thread;
    });
    private volatile String marker;
    private volatile long lastRefresh;

    CredentialWatcher(
            AssignedCredentials credentials,
            Map<Usage, UsageKeyManager> keyManagers,
            Map<Usage, KeyMaterial> temporaries,
            ListenerMetrics metrics,
            Clock clock) {
        this.credentials = credentials;
        this.keyManagers = keyManagers;
        this.temporaries = temporaries;
        this.metrics = metrics;
        this.clock = clock;
    }

    TrustSnapshot trust() {
        return trust.get();
    }

    ListenerStatus status(Usage usage) {
        return statuses.get(usage);
    }

    void start() {
        refresh();
        poller.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            String now = credentials.changeMarker();
            boolean failing = statuses.values().stream().anyMatch(s -> s.error() != null);
            if (!now.equals(marker) || (failing && System.nanoTime() - lastRefresh > RETRY_MILLIS * 1_000_000)) {
                refresh();
            }
        } catch (RuntimeException e) {
            LOG.warn("cannot read the store for changes: {}", e.getMessage());
        }
    }

    /** Reloads trust and every usage's credential now. */
    synchronized void refresh() {
        lastRefresh = System.nanoTime();
        String before = credentials.changeMarker();
        trust.set(credentials.clientTrust());
        for (Map.Entry<Usage, UsageKeyManager> entry : keyManagers.entrySet()) {
            Usage usage = entry.getKey();
            UsageKeyManager keyManager = entry.getValue();
            try {
                Optional<AssignedCredential> credential = credentials.load(usage);
                KeyMaterial material = credential
                        .map(c -> new KeyMaterial(c.chain(), c.key(), false, c.issuer()))
                        .orElse(temporaries.get(usage));
                KeyMaterial current = keyManager.current();
                if (current == null || !current.thumbprint().equals(material.thumbprint())) {
                    keyManager.swap(material);
                    metrics.swapped();
                    LOG.info(
                            "{} now presents {}{}",
                            usage,
                            material.thumbprint(),
                            material.temporary() ? " (temporary)" : "");
                }
                ListenerStatus was = statuses.put(
                        usage,
                        new ListenerStatus(material.thumbprint().hex(), material.temporary(), null, clock.instant()));
                if (was == null || was.error() != null) {
                    // Presented now: a fault this or an earlier process recorded no longer holds.
                    report(usage, null);
                }
            } catch (RuntimeException e) {
                metrics.swapFailed();
                ListenerStatus previous = statuses.get(usage);
                KeyMaterial kept = keyManager.current();
                statuses.put(
                        usage,
                        new ListenerStatus(
                                kept == null ? null : kept.thumbprint().hex(),
                                kept != null && kept.temporary(),
                                (kept != null && kept.temporary()
                                                ? "kept the temporary certificate: "
                                                : "kept the last good certificate: ")
                                        + e.getMessage(),
                                previous == null ? clock.instant() : previous.since()));
                if (previous == null || !e.getMessage().equals(previous.errorCause())) {
                    LOG.warn(
                            "{}: kept {}: {}",
                            usage,
                            kept != null && kept.temporary()
                                    ? "the temporary certificate"
                                    : "the last good certificate",
                            e.getMessage());
                    report(usage, e.getMessage());
                }
            }
        }
        marker = before;
    }

    private void report(Usage usage, String message) {
        try {
            credentials.reportFault(usage, message);
        } catch (RuntimeException e) {
            LOG.warn("cannot record the state of {}'s listener in the store: {}", usage, e.getMessage());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
