package io.certwiz.alert;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code certwiz alerts list}: the open alerts, the channels (never a secret) and the thresholds. */
public record AlertsView(List<Open> alerts, List<Channel> channels, Thresholds thresholds) {
    /** An open alert; {@code firing} false while its condition has not held long enough yet. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Open(
            String key,
            String kind,
            Severity severity,
            String subject,
            String message,
            String since,
            boolean firing,
            String lastSent,
            int sentCount) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Channel(
            String name, String kind, String target, Severity minSeverity, String smtp, String createdAt) {}

    public record Thresholds(double warningShare, double criticalShare, int criticalDays, String repeat) {}
}
