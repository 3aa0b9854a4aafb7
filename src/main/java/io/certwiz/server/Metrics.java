package io.certwiz.server;

import io.certwiz.Certwiz;
import io.certwiz.server.tls.ListenerStatus;
import io.certwiz.server.tls.TlsListeners;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Usage;
import io.certwiz.usage.UsageStatus;
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
}
