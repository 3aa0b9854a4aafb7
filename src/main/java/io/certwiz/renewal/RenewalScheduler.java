package io.certwiz.renewal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renewal scheduler of {@code certwiz serve}: every check interval one {@link RenewalService#pass},
 * the same work {@code certwiz renew} does, on a thread of its own. A pass that throws is logged and the
 * next one comes as planned; what needs an administrator is logged as a warning.
 */
public final class RenewalScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RenewalScheduler.class);
    /** The shortest check interval {@code --renew-check-interval} takes. */
    public static final Duration SHORTEST_INTERVAL = Duration.ofSeconds(1);
    /** The first pass comes this soon after start (or after one interval, if that is shorter). */
    static final Duration FIRST_PASS = Duration.ofSeconds(5);

    private final Supplier<RenewalService> service;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "certwiz-renewal");
        thread.setDaemon(true);
        return thread;
    });

    public RenewalScheduler(Supplier<RenewalService> service, Duration interval) {
        this.service = service;
        this.interval = interval;
    }

    public RenewalScheduler start() {
        Duration first = interval.compareTo(FIRST_PASS) < 0 ? interval : FIRST_PASS;
        executor.scheduleWithFixedDelay(this::runPass, first.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One pass now, on the caller's thread; what it did. */
    public List<RenewalOutcome> runPass() {
        try {
            List<RenewalOutcome> outcomes = service.get().pass(RenewalService.PASS_LIMIT);
            for (RenewalOutcome outcome : outcomes) {
                if (outcome.needsAttention()) {
                    LOG.warn("renewal {} {}: {}", outcome.result(), outcome.thumbprint(), outcome.message());
                } else if (outcome.result() == RenewalOutcome.Result.RENEWED) {
                    LOG.info("renewal {} {}: {}", outcome.result(), outcome.thumbprint(), outcome.message());
                }
            }
            return outcomes;
        } catch (RuntimeException e) {
            LOG.warn("the renewal pass failed: {}", e.getMessage());
            return List.of();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
