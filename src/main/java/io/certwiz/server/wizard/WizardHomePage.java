package io.certwiz.server.wizard;

import io.certwiz.Certwiz;
import io.certwiz.server.tls.ListenerStatus;
import io.certwiz.server.tls.TlsListeners;
import io.certwiz.usage.RenewalView;
import io.certwiz.usage.Usage;
import io.certwiz.usage.UsageStatus;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * The Certificate Wizard's main page: every usage with its certificate (thumbprint, subject, expiry,
 * state), what each listener presents right now (a temporary certificate, a swap that failed), and
 * the Request, Assign, Import and View actions.
 */
final class WizardHomePage {
    private WizardHomePage() {}

    static void install(JavalinConfig config, WizardSite site) {
        config.routes.get("/", ctx -> page(site, ctx));
    }

    private static void page(WizardSite site, Context ctx) {
        Certwiz certwiz = site.certwiz(ctx);
        List<UsageStatus> usages =
                certwiz.renewals().annotateUsages(certwiz.assignments().usages());
        StringBuilder body = new StringBuilder();
        body.append(alertBanner(certwiz));
        body.append(flash(ctx));
        body.append(listenerNotices(site));
        body.append(renewalNotices(usages));
        body.append("<div class=\"actions\">")
                .append(Html.button("/request", "Request"))
                .append(Html.button("/assign", "Assign"))
                .append(Html.button("/import", "Import"))
                .append(Html.button("/certificates", "View"))
                .append("</div>");
        body.append("<h2>Certificate usages</h2>");
        boolean allAssigned = true;
        List<Html.Row> rows = new ArrayList<>();
        for (UsageStatus status : usages) {
            Usage usage = Usage.parse(status.usage());
            boolean assigned = UsageStatus.ASSIGNED.equals(status.state());
            if (TlsListeners.USAGES.contains(usage) && !assigned) {
                allAssigned = false;
            }
            String actions = Html.link("/request?usage=" + usage.name(), "Request") + " "
                    + Html.link("/assign?usage=" + usage.name(), "Assign")
                    + (status.thumbprint() == null
                            ? ""
                            : " " + Html.link("/certificates/" + status.thumbprint(), "View"))
                    + (usage == Usage.Default ? " " + Html.link(WizardClientRootsPage.PATH, "Client roots") : "");
            rows.add(new Html.Row(
                    "usage-" + status.usage(),
                    List.of(
                            Html.cell(Html.esc(status.label()) + "<br><span class=\"hint\">" + Html.esc(status.usage())
                                    + "</span>"),
                            Html.cell(
                                    "state",
                                    Html.badge(
                                            status.state(),
                                            assigned
                                                    ? Boolean.TRUE
                                                    : UsageStatus.NOT_ASSIGNED.equals(status.state())
                                                            ? null
                                                            : Boolean.FALSE)),
                            Html.cell(
                                    "mono thumbprint",
                                    status.thumbprint() == null
                                            ? "-"
                                            : Html.link("/certificates/" + status.thumbprint(), status.thumbprint())),
                            Html.cell((status.subject() == null ? "-" : Html.esc(status.subject())) + rollover(status)),
                            Html.cell(status.notAfter() == null ? "-" : Html.esc(status.notAfter())),
                            Html.cell(listener(site, usage)),
                            Html.cell("renewal", renewal(status)),
                            Html.cell("actions-cell", actions))));
        }
        body.append(Html.table(
                "usages",
                List.of("Usage", "State", "Thumbprint", "Subject", "Expires", "Listener", "Renewal", "Actions"),
                rows));

        body.append("<h2>Expiry timeline</h2>")
                .append("<div class=\"timeline-wrap\">")
                .append(WizardTimeline.svg(
                        certwiz.alerts().inventory(),
                        usages,
                        certwiz.alerts().thresholds(),
                        certwiz.clock().instant()))
                .append("</div><p class=\"hint legend\"><span class=\"key ok\"></span> valid "
                        + "<span class=\"key window\"></span> renewal window (last third) "
                        + "<span class=\"key warning\"></span> warning <span class=\"key critical\"></span> critical "
                        + "<span class=\"key today\"></span> today <span class=\"key roll\"></span> roll-over</p>");
        if (allAssigned) {
            body.append("<p class=\"ok\">Every listener has an assigned certificate with a trusted chain.</p>");
        }
        int pending = certwiz.requests().pending().size();
        if (pending > 0) {
            body.append("<p>")
                    .append(pending)
                    .append(pending == 1 ? " request is" : " requests are")
                    .append(" waiting for the CA's reply: ")
                    .append(Html.link("/requests", "pending requests"))
                    .append(". Import the reply on the ")
                    .append(Html.link("/import", "Import"))
                    .append(" page.</p>");
        }
        WizardRoutes.render(site, ctx, "Certificate Wizard", body.toString());
    }

    /** A staged roll-over and the previous certificate, under a usage's subject. */
    private static String rollover(UsageStatus status) {
        StringBuilder out = new StringBuilder();
        if (status.nextThumbprint() != null) {
            out.append("<div class=\"hint roll-next\">next: ")
                    .append(Html.link(
                            "/certificates/" + status.nextThumbprint(), shortThumbprint(status.nextThumbprint())))
                    .append(" from <span class=\"nowrap\">")
                    .append(Html.esc(status.nextEffectiveDate()))
                    .append("</span></div>");
        }
        if (status.previousThumbprint() != null) {
            out.append("<div class=\"hint roll-previous\">previous: ")
                    .append(Html.link(
                            "/certificates/" + status.previousThumbprint(),
                            shortThumbprint(status.previousThumbprint())))
                    .append(
                            status.previousNotAfter() == null
                                    ? ""
                                    : " (until <span class=\"nowrap\">" + Html.esc(status.previousNotAfter())
                                            + "</span>)")
                    .append("</div>");
        }
        return out.toString();
    }

    /** A banner with the open alerts, most severe first, when there are any. */
    private static String alertBanner(Certwiz certwiz) {
        List<io.certwiz.alert.AlertsView.Open> open = certwiz.alerts().list().alerts();
        if (open.isEmpty()) {
            return "";
        }
        boolean critical = open.stream().anyMatch(a -> a.severity() == io.certwiz.alert.Severity.critical);
        StringBuilder out = new StringBuilder("<div class=\"banner ")
                .append(critical ? "critical" : "warning")
                .append("\" id=\"alert-banner\" role=\"alert\"><strong>")
                .append(open.size())
                .append(open.size() == 1 ? " open alert" : " open alerts")
                .append("</strong><ul>");
        open.stream()
                .limit(5)
                .forEach(a -> out.append("<li>")
                        .append(Html.badge(
                                a.severity().name(), a.severity() == io.certwiz.alert.Severity.info ? null : false))
                        .append(' ')
                        .append(Html.esc(a.message()))
                        .append("</li>"));
        return out.append("</ul>")
                .append(Html.link("/alerts", open.size() > 5 ? "All alerts" : "Alerts and channels"))
                .append("</div>")
                .toString();
    }

    /** When the usage's certificate renews, and how the last attempt went. */
    private static String renewal(UsageStatus status) {
        RenewalView renewal = status.renewal();
        String override = status.renewBefore() == null
                ? ""
                : "<br><span class=\"hint\">renew-before " + Html.esc(status.renewBefore()) + "</span>";
        if (renewal == null) {
            return (status.thumbprint() == null ? "-" : "<span class=\"hint\">not tracked yet</span>") + override;
        }
        if (renewal.attempts() == 0) {
            return "due " + Html.esc(renewal.dueAt()) + override;
        }
        return Html.badge(renewal.pendingRequest() != null ? "offline request" : "failing", false) + " "
                + renewal.attempts() + (renewal.attempts() == 1 ? " attempt" : " attempts") + ", next "
                + Html.esc(renewal.nextAttemptAt()) + "<br><span class=\"hint\">last "
                + Html.esc(renewal.lastAttemptAt() == null ? "-" : renewal.lastAttemptAt()) + "</span>" + override;
    }

    /** Each failing renewal, loudly: the administrator must act before the certificate expires. */
    private static String renewalNotices(List<UsageStatus> usages) {
        StringBuilder notices = new StringBuilder();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (UsageStatus status : usages) {
            RenewalView renewal = status.renewal();
            if (renewal == null || renewal.attempts() == 0 || !seen.add(status.thumbprint())) {
                continue;
            }
            notices.append("<li class=\"error\" id=\"renewal-failing-")
                    .append(Html.esc(status.usage()))
                    .append("\">Renewal of the certificate of <strong>")
                    .append(Html.esc(status.usage()))
                    .append("</strong> (")
                    .append(Html.esc(renewal.urgency()))
                    .append("): ")
                    .append(Html.esc(renewal.lastError()))
                    .append("</li>");
        }
        return notices.isEmpty()
                ? ""
                : "<div class=\"notice\" id=\"renewal-notices\" role=\"alert\"><ul>" + notices + "</ul></div>";
    }

    /** What a usage's listener presents now, as the credential watcher last loaded it. */
    private static String listener(WizardSite site, Usage usage) {
        if (!TlsListeners.USAGES.contains(usage)) {
            return "<span class=\"hint\">no listener</span>";
        }
        ListenerStatus status = site.listener(usage);
        String port = "port " + site.port(usage);
        if (status == null) {
            return Html.esc(port);
        }
        String presents = status.temporary()
                ? Html.badge("temporary", false)
                : "<span class=\"mono\">" + Html.esc(shortThumbprint(status.thumbprint())) + "</span>";
        return Html.esc(port) + ": " + presents
                + (status.error() == null ? "" : " " + Html.badge("swap failed", false))
                + stapling(site.stapling(usage));
    }

    /** The OCSP staple: stapled (until when), or why there is none now; nothing when none is needed. */
    private static String stapling(io.certwiz.server.tls.StapleStatus staple) {
        if (staple == null) {
            return "";
        }
        if (staple.nextUpdate() != null) {
            return "<br><span class=\"hint staple\" title=\"valid until " + Html.esc(staple.nextUpdate()) + "\">"
                    + Html.badge("OCSP stapled", true) + "</span>"
                    + (staple.error() == null ? "" : " <span class=\"hint\">" + Html.esc(staple.error()) + "</span>");
        }
        return "<br><span class=\"hint staple\">" + Html.badge("no OCSP staple", false) + " "
                + Html.esc(staple.error() == null ? "not asked yet" : staple.error()) + "</span>";
    }

    private static String listenerNotices(WizardSite site) {
        StringBuilder notices = new StringBuilder();
        for (Usage usage : TlsListeners.USAGES) {
            ListenerStatus status = site.listener(usage);
            if (status == null) {
                continue;
            }
            if (status.temporary()) {
                notices.append("<li><strong>")
                        .append(Html.esc(usage.name()))
                        .append("</strong> has no certificate yet: its listener presents a temporary self-signed "
                                + "certificate (<span class=\"mono\">")
                        .append(Html.esc(shortThumbprint(status.thumbprint())))
                        .append("</span>) that clients do not trust. ")
                        .append(Html.link("/request?usage=" + usage.name(), "Request"))
                        .append(" or ")
                        .append(Html.link("/assign?usage=" + usage.name(), "assign"))
                        .append(" one.</li>");
            }
            if (status.error() != null) {
                notices.append("<li class=\"error\">")
                        .append(Html.esc(usage.name()))
                        .append(": ")
                        .append(Html.esc(status.error()))
                        .append(" (since ")
                        .append(Html.esc(status.since()))
                        .append(")</li>");
            }
        }
        return notices.isEmpty()
                ? ""
                : "<div class=\"notice\" id=\"listener-notices\" role=\"status\"><ul>" + notices + "</ul></div>";
    }

    private static String flash(Context ctx) {
        String assigned = ctx.queryParam("assigned");
        if (assigned != null) {
            String usages = ctx.queryParam("usages");
            return "<p class=\"ok\" role=\"status\" id=\"flash\">Certificate <span class=\"mono\">" + Html.esc(assigned)
                    + "</span> is assigned to " + Html.esc(usages == null ? "its usages" : usages.replace(",", ", "))
                    + ". New connections get it now.</p>";
        }
        String staged = ctx.queryParam("staged");
        if (staged != null) {
            String effective = ctx.queryParam("effective");
            return "<p class=\"ok\" role=\"status\" id=\"flash\">Certificate <span class=\"mono\">" + Html.esc(staged)
                    + "</span> is staged as the next OAuthTokenIssuer certificate, effective "
                    + Html.esc(effective == null ? "on its date" : effective)
                    + "; until then the current one signs and the JWKS publishes both.</p>";
        }
        String notAssigned = ctx.queryParam("notassigned");
        if (notAssigned != null) {
            return "<p class=\"notice\" role=\"status\" id=\"flash\">Certificate <span class=\"mono\">"
                    + Html.esc(notAssigned) + "</span> was not assigned. Assign it later with "
                    + Html.link("/assign?thumbprint=" + Html.url(notAssigned), "Assign") + ".</p>";
        }
        return "";
    }

    static String shortThumbprint(String thumbprint) {
        return thumbprint == null || thumbprint.length() < 12 ? thumbprint : thumbprint.substring(0, 12) + "…";
    }
}
