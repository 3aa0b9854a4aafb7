package io.certwiz.server;

import io.certwiz.Certwiz;
import io.certwiz.alert.AlertConditions;
import io.certwiz.alert.Severity;
import io.certwiz.renewal.RenewalState;
import io.certwiz.server.tls.ListenerStatus;
import io.certwiz.server.tls.TlsListeners;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Usage;
import io.certwiz.usage.UsageStatus;
import io.certwiz.x509.CertificateDetails;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** /metrics in the Prometheus text format. */
final class Metrics {
    private Metrics() {}

    static String render(Certwiz certwiz, TlsListeners listeners) {
        StringBuilder out = new StringBuilder();
        List<UsageStatus> usages = certwiz.assignments().usages();
        out.append(
                "# HELP certwiz_certificate_expiry_timestamp_seconds When the certificate assigned to a usage expires.\n");
        out.append("# TYPE certwiz_certificate_expiry_timestamp_seconds gauge\n");
        for (UsageStatus status : usages) {
            if (status.notAfter() != null) {
                out.append("certwiz_certificate_expiry_timestamp_seconds{usage=\"")
                        .append(status.usage())
                        .append("\",thumbprint=\"")
                        .append(status.thumbprint())
                        .append("\"} ")
                        .append(Instant.parse(status.notAfter()).getEpochSecond())
                        .append('\n');
            }
        }
        x509(out, certwiz, usages, listeners);
        out.append("# HELP certwiz_usage_assigned Whether a usage has a certificate assigned (1) or not (0).\n");
        out.append("# TYPE certwiz_usage_assigned gauge\n");
        for (UsageStatus status : usages) {
            out.append("certwiz_usage_assigned{usage=\"")
                    .append(status.usage())
                    .append("\",state=\"")
                    .append(status.state())
                    .append("\"} ")
                    .append(status.thumbprint() == null ? 0 : 1)
                    .append('\n');
        }
        record Counts(long personal, long root, long intermediate, long issued) {}
        Map<TrustStore, Integer> held = certwiz.certificates().countByStore();
        Counts counts = new Counts(
                held.get(TrustStore.personal),
                held.get(TrustStore.root),
                held.get(TrustStore.intermediate),
                certwiz.embeddedCa().issuedCount());
        out.append("# HELP certwiz_certificates Certificates per store.\n");
        out.append("# TYPE certwiz_certificates gauge\n");
        out.append("certwiz_certificates{store=\"personal\"} ")
                .append(counts.personal())
                .append('\n');
        out.append("certwiz_certificates{store=\"root\"} ")
                .append(counts.root())
                .append('\n');
        out.append("certwiz_certificates{store=\"intermediate\"} ")
                .append(counts.intermediate())
                .append('\n');
        out.append("# HELP certwiz_issued_certificates_total Certificates the embedded CA has issued.\n");
        out.append("# TYPE certwiz_issued_certificates_total counter\n");
        out.append("certwiz_issued_certificates_total ").append(counts.issued()).append('\n');
        out.append("# HELP certwiz_tls_handshake_failures_total Failed TLS handshakes per listener.\n");
        out.append("# TYPE certwiz_tls_handshake_failures_total counter\n");
        for (Usage usage : TlsListeners.USAGES) {
            out.append("certwiz_tls_handshake_failures_total{listener=\"")
                    .append(usage.name())
                    .append("\"} ")
                    .append(listeners.metrics().handshakeFailures(usage.name()))
                    .append('\n');
        }
        out.append("# HELP certwiz_listener_swap_failing Whether a listener kept its last good certificate because the"
                + " assigned one failed to load (1) or not (0).\n");
        out.append("# TYPE certwiz_listener_swap_failing gauge\n");
        for (Usage usage : TlsListeners.USAGES) {
            ListenerStatus status = listeners.status(usage);
            out.append("certwiz_listener_swap_failing{listener=\"")
                    .append(usage.name())
                    .append("\"} ")
                    .append(status != null && status.error() != null ? 1 : 0)
                    .append('\n');
        }
        out.append("# HELP certwiz_ocsp_staple_next_update_timestamp_seconds When the OCSP response a listener staples"
                + " stops being valid (only for listeners that staple one).\n");
        out.append("# TYPE certwiz_ocsp_staple_next_update_timestamp_seconds gauge\n");
        for (Usage usage : TlsListeners.USAGES) {
            io.certwiz.server.tls.StapleStatus staple = listeners.stapling(usage);
            if (staple != null && staple.nextUpdate() != null) {
                out.append("certwiz_ocsp_staple_next_update_timestamp_seconds{listener=\"")
                        .append(usage.name())
                        .append("\"} ")
                        .append(staple.nextUpdate().getEpochSecond())
                        .append('\n');
            }
        }
        out.append("# HELP certwiz_ocsp_staple_failing Whether the last ask for a listener's OCSP staple failed (1)"
                + " or not (0), for listeners whose certificate names a responder.\n");
        out.append("# TYPE certwiz_ocsp_staple_failing gauge\n");
        for (Usage usage : TlsListeners.USAGES) {
            io.certwiz.server.tls.StapleStatus staple = listeners.stapling(usage);
            if (staple != null) {
                out.append("certwiz_ocsp_staple_failing{listener=\"")
                        .append(usage.name())
                        .append("\"} ")
                        .append(staple.error() == null ? 0 : 1)
                        .append('\n');
            }
        }
        out.append("# HELP certwiz_certificate_swaps_total Certificates swapped into listeners without a restart.\n");
        out.append("# TYPE certwiz_certificate_swaps_total counter\n");
        out.append("certwiz_certificate_swaps_total ")
                .append(listeners.metrics().swaps())
                .append('\n');
        out.append("# HELP certwiz_certificate_swap_failures_total Swaps that kept the last good certificate.\n");
        out.append("# TYPE certwiz_certificate_swap_failures_total counter\n");
        out.append("certwiz_certificate_swap_failures_total ")
                .append(listeners.metrics().swapFailures())
                .append('\n');
        return out.toString();
    }

    /**
     * Every held certificate with the names x509-certificate-exporter uses (so its dashboards and alert
     * rules work as they are), renewal's failures and successes, each usage's readiness, the open alerts.
     */
    private static void x509(StringBuilder out, Certwiz certwiz, List<UsageStatus> usages, TlsListeners listeners) {
        AlertConditions.Snapshot inventory = certwiz.alerts().inventory();
        Instant now = certwiz.clock().instant();
        StringBuilder notAfter = new StringBuilder();
        StringBuilder notBefore = new StringBuilder();
        StringBuilder expired = new StringBuilder();
        for (AlertConditions.Held held : inventory.held()) {
            X509Certificate c = held.certificate();
            String labels =
                    "{subject_CN=\"" + label(cn(c.getSubjectX500Principal().getName())) + "\",issuer_CN=\""
                            + label(cn(c.getIssuerX500Principal().getName())) + "\",serial_number=\""
                            + CertificateDetails.serialHex(c) + "\",thumbprint=\"" + held.thumbprint() + "\",usage=\""
                            + label(String.join(",", held.usages())) + "\",store=\"" + held.store() + "\"} ";
            notAfter.append("x509_cert_not_after")
                    .append(labels)
                    .append(c.getNotAfter().toInstant().getEpochSecond())
                    .append('\n');
            notBefore
                    .append("x509_cert_not_before")
                    .append(labels)
                    .append(c.getNotBefore().toInstant().getEpochSecond())
                    .append('\n');
            expired.append("x509_cert_expired")
                    .append(labels)
                    .append(now.isBefore(c.getNotAfter().toInstant()) ? 0 : 1)
                    .append('\n');
        }
        out.append(
                "# HELP x509_cert_not_after When each certificate certwiz holds expires (seconds since the epoch).\n");
        out.append("# TYPE x509_cert_not_after gauge\n").append(notAfter);
        out.append("# HELP x509_cert_not_before When each certificate certwiz holds becomes valid.\n");
        out.append("# TYPE x509_cert_not_before gauge\n").append(notBefore);
        out.append("# HELP x509_cert_expired Whether each certificate certwiz holds has expired (1) or not (0).\n");
        out.append("# TYPE x509_cert_expired gauge\n").append(expired);
        out.append("# HELP certwiz_renewal_failures_total Failed renewal attempts of a certificate since its last"
                + " success (resets when it renews).\n");
        out.append("# TYPE certwiz_renewal_failures_total counter\n");
        for (RenewalState state : inventory.renewals()) {
            out.append("certwiz_renewal_failures_total{thumbprint=\"")
                    .append(state.thumbprint().hex())
                    .append("\"} ")
                    .append(state.failures())
                    .append('\n');
        }
        out.append("# HELP certwiz_renewal_last_success_timestamp_seconds When a certificate's last renewal attempt"
                + " succeeded.\n");
        out.append("# TYPE certwiz_renewal_last_success_timestamp_seconds gauge\n");
        for (RenewalState state : inventory.renewals()) {
            if (state.failures() == 0 && state.lastAttemptAt() != null) {
                out.append("certwiz_renewal_last_success_timestamp_seconds{thumbprint=\"")
                        .append(state.thumbprint().hex())
                        .append("\"} ")
                        .append(state.lastAttemptAt().getEpochSecond())
                        .append('\n');
            }
        }
        out.append("# HELP certwiz_usage_ready Whether a usage has a valid, trusted certificate that its listener"
                + " presents (1) or not (0).\n");
        out.append("# TYPE certwiz_usage_ready gauge\n");
        for (UsageStatus status : usages) {
            Usage usage = Usage.parse(status.usage());
            boolean ready = UsageStatus.ASSIGNED.equals(status.state());
            if (ready && TlsListeners.USAGES.contains(usage)) {
                ListenerStatus listener = listeners.status(usage);
                ready = listener != null
                        && !listener.temporary()
                        && listener.error() == null
                        && status.thumbprint().equals(listener.thumbprint());
            }
            out.append("certwiz_usage_ready{usage=\"")
                    .append(usage.name())
                    .append("\"} ")
                    .append(ready ? 1 : 0)
                    .append('\n');
        }
        if (inventory.crl() != null && inventory.crl().getNextUpdate() != null) {
            out.append(
                    "# HELP certwiz_crl_next_update_timestamp_seconds When the embedded CA's CRL is next updated.\n");
            out.append("# TYPE certwiz_crl_next_update_timestamp_seconds gauge\n");
            out.append("certwiz_crl_next_update_timestamp_seconds ")
                    .append(inventory.crl().getNextUpdate().toInstant().getEpochSecond())
                    .append('\n');
        }
        Map<Severity, Long> open = certwiz.alerts().openCounts();
        out.append("# HELP certwiz_alerts_open Open alerts (fired or pending) per severity.\n");
        out.append("# TYPE certwiz_alerts_open gauge\n");
        for (Severity severity : Severity.values()) {
            out.append("certwiz_alerts_open{severity=\"")
                    .append(severity)
                    .append("\"} ")
                    .append(open.getOrDefault(severity, 0L))
                    .append('\n');
        }
    }

    /** The first CN of a distinguished name, or the whole name when it has none. */
    static String cn(String dn) {
        try {
            for (javax.naming.ldap.Rdn rdn :
                    new javax.naming.ldap.LdapName(dn).getRdns().reversed()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (javax.naming.InvalidNameException e) {
            // The whole name below.
        }
        return dn;
    }

    /** A label value in the text format: backslash, quote and newline escaped. */
    static String label(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
