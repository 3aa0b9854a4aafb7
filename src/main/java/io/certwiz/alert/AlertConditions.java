package io.certwiz.alert;

import io.certwiz.renewal.RenewalState;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Usage;
import io.certwiz.x509.CertificateDetails;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Which conditions hold now, from one snapshot of what certwiz holds: a pure function, so tests fix the time. */
public final class AlertConditions {
    /** A listener may lag an assignment by a poll; it must serve another certificate this long to alert. */
    static final Duration SERVED_GRACE = Duration.ofMinutes(2);

    private AlertConditions() {}

    /**
     * One held certificate: its store, the usages it serves now, whether certwiz can renew it (the embedded
     * CA or an ACME CA issued it and it has its key) and whether it was renewed already.
     */
    public record Held(
            X509Certificate certificate,
            String thumbprint,
            TrustStore store,
            List<String> usages,
            boolean renewable,
            boolean renewed) {}

    /**
     * What the conditions are computed from; {@code served} is null outside the server, {@code crl} may be;
     * {@code revoked}: the assigned certificates known to be revoked, by thumbprint, with the usages they serve.
     */
    public record Snapshot(
            List<Held> held,
            Map<Usage, String> assigned,
            List<RenewalState> renewals,
            Map<Usage, String> served,
            X509CRL crl,
            Map<String, String> revoked) {
        public Snapshot {
            revoked = revoked == null ? Map.of() : Map.copyOf(revoked);
        }

        public Snapshot(
                List<Held> held,
                Map<Usage, String> assigned,
                List<RenewalState> renewals,
                Map<Usage, String> served,
                X509CRL crl) {
            this(held, assigned, renewals, served, crl, Map.of());
        }
    }

    public static List<Condition> of(Snapshot snapshot, AlertThresholds thresholds, Instant now) {
        List<Condition> out = new ArrayList<>();
        for (Held held : snapshot.held()) {
            X509Certificate c = held.certificate();
            Severity severity = thresholds.severity(
                    c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), now);
            if (severity == null || held.renewed()) {
                continue;
            }
            String what = describe(held);
            boolean manual =
                    held.store() == TrustStore.personal && !held.usages().isEmpty() && !held.renewable();
            Instant notAfter = c.getNotAfter().toInstant();
            if (manual && severity == Severity.warning) {
                out.add(new Condition(
                        Condition.CANNOT_RENEW + ":" + held.thumbprint(),
                        Condition.CANNOT_RENEW,
                        severity,
                        held.thumbprint(),
                        what + " expires " + notAfter + " and cannot renew itself (its CA is outside certwiz):"
                                + " request a new one or import the CA's reply"));
                continue;
            }
            String message = now.isBefore(notAfter)
                    ? what + " expires " + notAfter + " (" + left(now, notAfter) + " left)"
                    : what + " EXPIRED " + notAfter;
            out.add(new Condition(
                    Condition.EXPIRY + ":" + held.thumbprint(),
                    Condition.EXPIRY,
                    severity,
                    held.thumbprint(),
                    message));
        }
        for (Map.Entry<String, String> revoked : new java.util.TreeMap<>(snapshot.revoked()).entrySet()) {
            out.add(new Condition(
                    Condition.REVOKED + ":" + revoked.getKey(),
                    Condition.REVOKED,
                    Severity.critical,
                    revoked.getKey(),
                    "certificate " + revoked.getKey() + " is revoked and still assigned to " + revoked.getValue()
                            + ": renewal replaces it at its next pass, or assign another"));
        }
        for (RenewalState state : snapshot.renewals()) {
            if (state.failures() > 0) {
                out.add(new Condition(
                        Condition.RENEWAL_FAILED + ":" + state.thumbprint().hex(),
                        Condition.RENEWAL_FAILED,
                        state.failures() >= 3 ? Severity.critical : Severity.warning,
                        state.thumbprint().hex(),
                        "renewal of " + state.thumbprint().hex() + " failed " + state.failures()
                                + (state.failures() == 1 ? " time" : " times") + ": " + state.lastError()
                                + (state.nextAttemptAt() == null ? "" : "; next attempt " + state.nextAttemptAt())));
            }
        }
        for (Usage usage : Usage.values()) {
            String assigned = snapshot.assigned().get(usage);
            if (assigned == null) {
                out.add(new Condition(
                        Condition.NO_CERTIFICATE + ":" + usage.name(),
                        Condition.NO_CERTIFICATE,
                        Severity.warning,
                        usage.name(),
                        usage.name() + " has no certificate: request or assign one"));
                continue;
            }
            String served = snapshot.served() == null ? null : snapshot.served().get(usage);
            if (served != null && !served.equals(assigned)) {
                out.add(new Condition(
                        Condition.SERVED_MISMATCH + ":" + usage.name(),
                        Condition.SERVED_MISMATCH,
                        Severity.critical,
                        usage.name(),
                        "the " + usage.name() + " listener serves " + served + ", not the assigned " + assigned,
                        SERVED_GRACE));
            }
        }
        X509CRL crl = snapshot.crl();
        if (crl != null && crl.getNextUpdate() != null) {
            Severity severity = thresholds.severity(
                    crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant(), now);
            if (severity != null) {
                out.add(new Condition(
                        Condition.CRL + ":embedded",
                        Condition.CRL,
                        severity,
                        "embedded CA CRL",
                        "the embedded CA's CRL is due for its next update at "
                                + crl.getNextUpdate().toInstant()));
            }
        }
        return out;
    }

    private static String describe(Held held) {
        String cn = CertificateDetails.isCa(held.certificate()) ? "CA certificate " : "certificate ";
        return cn + held.thumbprint() + " ("
                + held.certificate().getSubjectX500Principal().getName()
                + (held.usages().isEmpty() ? "" : ", " + String.join(",", held.usages())) + ")";
    }

    private static String left(Instant now, Instant until) {
        Duration d = Duration.between(now, until);
        return d.toDays() >= 2
                ? d.toDays() + " days"
                : d.toHours() >= 2 ? d.toHours() + " hours" : d.toMinutes() + " minutes";
    }
}
