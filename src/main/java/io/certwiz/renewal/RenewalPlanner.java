package io.certwiz.renewal;

import io.certwiz.store.Settings;
import io.certwiz.store.Transaction;
import io.certwiz.usage.Usage;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a held certificate is due, from its lifetime, its CA's renewal window and the administrator's
 * per-usage {@code --renew-before} (kept as settings); a certificate serving several usages renews as
 * early as the earliest of them asks.
 */
public final class RenewalPlanner {
    static final String SETTING = "renewal.renew-before.";

    private final Settings settings;
    private final RandomGenerator random;

    public RenewalPlanner(Settings settings, RandomGenerator random) {
        this.settings = settings;
        this.random = random;
    }

    /** The usage's override, if the administrator set one. */
    public Optional<RenewBefore> override(Transaction tx, Usage usage) {
        return settings.get(tx, SETTING + usage.name())
                .filter(t -> !t.isEmpty())
                .map(RenewBefore::parse);
    }

    /** Sets the usage's override; null goes back to the default. */
    public void setOverride(Transaction tx, Usage usage, RenewBefore before) {
        settings.put(tx, SETTING + usage.name(), before == null ? "" : before.text());
    }

    /** When {@code certificate}, serving {@code usages}, is due (jittered; see {@link RenewalPlan#due}). */
    public Instant due(Transaction tx, X509Certificate certificate, List<Usage> usages, Origin origin) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        RenewalWindow window = origin instanceof Origin.Acme acme ? acme.window() : null;
        Instant earliest = null;
        for (Usage usage : usages) {
            Optional<RenewBefore> before = override(tx, usage);
            if (before.isPresent()) {
                Instant due = RenewalPlan.due(notBefore, notAfter, window, before.get(), true, random);
                earliest = earliest == null || due.isBefore(earliest) ? due : earliest;
            }
        }
        return earliest != null
                ? earliest
                : RenewalPlan.due(notBefore, notAfter, window, RenewBefore.lastThird(), false, random);
    }

    /** When to try again after the {@code failures}-th failure in a row (see {@link RenewalPlan#retryAfterFailure}). */
    public Instant retry(int failures, Instant now, X509Certificate certificate) {
        return RenewalPlan.retryAfterFailure(
                failures, now, certificate.getNotAfter().toInstant(), random);
    }
}
