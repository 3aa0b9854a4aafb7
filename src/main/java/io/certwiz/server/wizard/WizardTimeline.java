package io.certwiz.server.wizard;

import io.certwiz.alert.AlertConditions;
import io.certwiz.alert.AlertThresholds;
import io.certwiz.alert.Severity;
import io.certwiz.usage.UsageStatus;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The expiry timeline on the main page, as server-rendered SVG (no script): each held certificate a bar
 * from notBefore to notAfter, its last third (the renewal window) shaded, today as a line, each staged
 * roll-over's effective date as a dashed line; the span runs from a quarter year ago to some months past
 * the latest personal certificate, and longer lives (CA certificates) run off its edge with an arrow.
 */
final class WizardTimeline {
    static final int WIDTH = 960;
    static final int LABEL = 300;
    static final int ROW = 26;
    static final int TOP = 34;

    private WizardTimeline() {}

    static String svg(
            AlertConditions.Snapshot inventory, List<UsageStatus> usages, AlertThresholds thresholds, Instant now) {
        List<AlertConditions.Held> held = new ArrayList<>(inventory.held());
        held.sort(Comparator.comparing((AlertConditions.Held h) -> h.store().ordinal())
                .thenComparing(h -> h.certificate().getNotAfter()));
        Instant start = now.minus(Duration.ofDays(90));
        Instant end = now.plus(Duration.ofDays(120));
        for (AlertConditions.Held h : held) {
            Instant notAfter = h.certificate().getNotAfter().toInstant();
            if (h.store() == io.certwiz.trust.TrustStore.personal && notAfter.isAfter(end)) {
                end = notAfter.plus(Duration.ofDays(30));
            }
        }
        end = end.isAfter(now.plus(Duration.ofDays(800))) ? now.plus(Duration.ofDays(800)) : end;
        Scale x = new Scale(start, end);
        int height = TOP + Math.max(1, held.size()) * ROW + 24;
        StringBuilder out = new StringBuilder();
        out.append(
                        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" id=\"timeline\" class=\"timeline\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append(
                        "\" aria-labelledby=\"timeline-title timeline-desc\"><title id=\"timeline-title\">Certificate expiry"
                                + " timeline</title><desc id=\"timeline-desc\">Each certificate as a bar from its start to its expiry;"
                                + " the shaded end is its renewal window; the red line is today; dashed lines are roll-over dates.</desc>");
        // Month ticks.
        LocalDate month =
                LocalDate.ofInstant(start, ZoneOffset.UTC).withDayOfMonth(1).plusMonths(1);
        while (month.atStartOfDay().toInstant(ZoneOffset.UTC).isBefore(end)) {
            Instant at = month.atStartOfDay().toInstant(ZoneOffset.UTC);
            double px = x.of(at);
            out.append("<line class=\"tick\" x1=\"")
                    .append(f(px))
                    .append("\" y1=\"")
                    .append(TOP - 6)
                    .append("\" x2=\"")
                    .append(f(px))
                    .append("\" y2=\"")
                    .append(height - 20)
                    .append("\"/>");
            if (month.getMonthValue() % (x.days() > 400 ? 3 : 1) == 0) {
                out.append("<text class=\"axis\" x=\"")
                        .append(f(px + 2))
                        .append("\" y=\"")
                        .append(TOP - 10)
                        .append("\">")
                        .append(month.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.ENGLISH))
                        .append(month.getMonthValue() == 1 ? " " + month.getYear() : "")
                        .append("</text>");
            }
            month = month.plusMonths(1);
        }
        int y = TOP;
        for (AlertConditions.Held h : held) {
            X509Certificate c = h.certificate();
            Instant from = c.getNotBefore().toInstant();
            Instant to = c.getNotAfter().toInstant();
            Severity severity = thresholds.severity(from, to, now);
            String kind = !now.isBefore(to) ? "expired" : severity == null ? "ok" : severity.name();
            String name = cn(c.getSubjectX500Principal().getName())
                    + (h.usages().isEmpty() ? "" : " · " + String.join(", ", h.usages()));
            String tip = name + " (" + h.store() + ", " + h.thumbprint() + "): " + from + " to " + to;
            out.append("<g class=\"bar ")
                    .append(kind)
                    .append("\" id=\"bar-")
                    .append(h.thumbprint())
                    .append("\"><title>")
                    .append(Html.esc(tip))
                    .append("</title>");
            out.append("<text class=\"label\" x=\"4\" y=\"")
                    .append(y + 15)
                    .append("\">")
                    .append(Html.esc(shorten(name, 44)))
                    .append("</text>");
            double a = x.clamp(from);
            double b = x.clamp(to);
            double window = x.clamp(from.plus(Duration.ofMillis(
                    Math.round(Duration.between(from, to).toMillis() * (1 - thresholds.warningShare())))));
            out.append(rect("span", a, y + 4, Math.max(1, b - a), ROW - 10));
            if (b > window) {
                out.append(rect("window", window, y + 4, b - window, ROW - 10));
            }
            if (to.isAfter(end)) {
                out.append("<text class=\"more\" x=\"")
                        .append(f(WIDTH - 12))
                        .append("\" y=\"")
                        .append(y + 15)
                        .append("\">\u2192</text>");
            } else {
                out.append("<text class=\"date\" x=\"")
                        .append(f(Math.min(b + 4, WIDTH - 70)))
                        .append("\" y=\"")
                        .append(y + 15)
                        .append("\">")
                        .append(LocalDate.ofInstant(to, ZoneOffset.UTC))
                        .append("</text>");
            }
            out.append("</g>");
            y += ROW;
        }
        if (held.isEmpty()) {
            out.append("<text class=\"label\" x=\"4\" y=\"").append(TOP + 15).append("\">No certificates yet.</text>");
        }
        for (UsageStatus u : usages) {
            if (u.nextEffectiveDate() != null) {
                Instant at = Instant.parse(u.nextEffectiveDate());
                double px = x.clamp(at);
                out.append("<g class=\"roll\" id=\"roll-")
                        .append(Html.esc(u.usage()))
                        .append("\"><title>")
                        .append(Html.esc(u.usage() + " rolls over to " + u.nextThumbprint() + " at " + at))
                        .append("</title><line x1=\"")
                        .append(f(px))
                        .append("\" y1=\"")
                        .append(TOP - 4)
                        .append("\" x2=\"")
                        .append(f(px))
                        .append("\" y2=\"")
                        .append(height - 18)
                        .append("\"/><text x=\"")
                        .append(f(px + 3))
                        .append("\" y=\"")
                        .append(height - 6)
                        .append("\">roll-over ")
                        .append(LocalDate.ofInstant(at, ZoneOffset.UTC))
                        .append("</text></g>");
            }
        }
        double today = x.of(now);
        out.append("<g class=\"today\"><line x1=\"")
                .append(f(today))
                .append("\" y1=\"")
                .append(TOP - 20)
                .append("\" x2=\"")
                .append(f(today))
                .append("\" y2=\"")
                .append(height - 18)
                .append("\"/><text x=\"")
                .append(f(today + 3))
                .append("\" y=\"")
                .append(TOP - 22)
                .append("\">today</text></g>");
        return out.append("</svg>").toString();
    }

    private static String rect(String cls, double x, int y, double w, int h) {
        return "<rect class=\"" + cls + "\" x=\"" + f(x) + "\" y=\"" + y + "\" width=\"" + f(w) + "\" height=\"" + h
                + "\" rx=\"3\"/>";
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "\u2026";
    }

    static String cn(String dn) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("(?:^|,)CN=([^,]+)").matcher(dn);
        return m.find() ? m.group(1) : dn;
    }

    /** Time to the drawing's x coordinate. */
    private record Scale(Instant start, Instant end) {
        double of(Instant at) {
            double span = Duration.between(start, end).toMillis();
            return LABEL + (WIDTH - LABEL - 20) * (Duration.between(start, at).toMillis() / span);
        }

        double clamp(Instant at) {
            return Math.max(LABEL, Math.min(WIDTH - 20, of(at)));
        }

        long days() {
            return Duration.between(start, end).toDays();
        }
    }
}
