package io.certwiz.server.wizard;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.certificate.CertificateView;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;

/**
 * The Online Certificate Request Status page, shown after an online request is issued and after the
 * CA's reply to an offline request is imported: the thumbprint, View Certificate Details, and the
 * "Assign this certificate to certwiz certificate usages" check box (on by default) that Finish acts
 * on. When the chain is not trusted the page shows the summary status instead: which root or
 * intermediate is missing and how to import it, and no assign option.
 */
final class WizardStatusPage {
    private WizardStatusPage() {}

    static void install(JavalinConfig config, WizardSite site) {
        config.routes.get("/request/status/{thumbprint}", ctx -> page(site, ctx, null));
        config.routes.post("/request/status/{thumbprint}", ctx -> finish(site, ctx));
    }

    /** Where the status page for a certificate issued for these usages is. */
    static String location(String thumbprint, List<Usage> usages, Long requestId) {
        return "/request/status/" + Html.url(thumbprint) + "?" + WizardRequestPages.usageQuery(usages)
                + (requestId == null ? "" : "&request=" + requestId);
    }

    private static List<Usage> usages(Context ctx, boolean form) {
        return WizardRoutes.usages(form ? ctx.formParams("usage") : ctx.queryParams("usage"));
    }

    private static void page(WizardSite site, Context ctx, CertwizException refused) {
        Certwiz certwiz = site.certwiz(ctx);
        String thumbprint = Thumbprint.parse(ctx.pathParam("thumbprint")).hex();
        boolean posted = refused != null;
        List<Usage> usages = usages(ctx, posted);
        String request = posted ? ctx.formParam("request") : ctx.queryParam("request");
        CertificateView view = certwiz.certificates().show(thumbprint, false);
        StringBuilder body = new StringBuilder();
        body.append("<p class=\"ok\">The certification authority issued the certificate")
                .append(request == null ? "" : " for request " + Html.esc(request))
                .append(". It is installed in this server's personal store.</p>");
        body.append(Html.fields(
                "Thumbprint", Html.raw("<code id=\"thumbprint\">" + Html.esc(view.thumbprint()) + "</code>"),
                "Subject", view.subject(),
                "Issuer", view.issuer(),
                "Valid from", view.notBefore(),
                "Valid to", view.notAfter(),
                "Subject alternative names", String.join(", ", view.sans()),
                "Friendly name", view.friendlyName() == null ? "(none)" : view.friendlyName(),
                "Requested for", usages.isEmpty() ? "(no usages)" : WizardRoutes.labels(usages),
                "Assigned to", view.assignedUsages().isEmpty() ? "(none)" : String.join(", ", view.assignedUsages())));
        body.append("<p>")
                .append(Html.link("/certificates/" + view.thumbprint(), "View Certificate Details"))
                .append("</p>");
        if (view.chain().trusted()) {
            body.append("<form method=\"post\" action=\"/request/status/")
                    .append(Html.esc(view.thumbprint()))
                    .append("\">")
                    .append(Html.csrfField(site.csrfToken(ctx)));
            for (Usage usage : usages) {
                body.append(Html.hidden("usage", usage.name()));
            }
            if (request != null) {
                body.append(Html.hidden("request", request));
            }
            if (!usages.isEmpty()) {
                body.append(Html.check(
                        "checkbox",
                        "assign",
                        "assign",
                        "on",
                        true,
                        "Assign this certificate to certwiz certificate usages: <strong>"
                                + Html.esc(WizardRoutes.labels(usages)) + "</strong>"));
                body.append("<p class=\"hint\">If you clear the check box, assign the certificate later with Assign "
                        + "on the main page.</p>");
            }
            body.append("<button type=\"submit\" id=\"finish\">Finish</button></form>");
        } else {
            body.append("<section id=\"summary-status\" aria-labelledby=\"summary-status-title\">")
                    .append("<h2 id=\"summary-status-title\">Summary status</h2>")
                    .append("<p class=\"error\" role=\"alert\">The certificate's chain does not end in a trusted root, "
                            + "so it cannot be assigned yet.</p>")
                    .append(WizardProblems.html(view.chain().problems()))
                    .append("<h3>Certification path</h3>")
                    .append(WizardCertificatePages.chainTree(view.chain()))
                    .append("<p>To complete the assignment, import the issuing CA's root certificate (as a trusted "
                            + "root) and any intermediate CA certificates on the ")
                    .append(Html.link("/import", "Import"))
                    .append(" page, then assign the certificate with ")
                    .append(Html.link(
                            "/assign?thumbprint=" + view.thumbprint() + "&" + WizardRequestPages.usageQuery(usages),
                            "Assign"))
                    .append(" on the main page.</p></section>")
                    .append("<div class=\"actions\">")
                    .append(Html.button("/", "Finish"))
                    .append("</div>");
        }
        WizardRoutes.renderForm(
                site,
                ctx,
                refused,
                request == null ? "Online Certificate Request Status" : "Certificate Request Status",
                body.toString());
    }

    private static void finish(WizardSite site, Context ctx) {
        Thumbprint thumbprint = Thumbprint.parse(ctx.pathParam("thumbprint"));
        List<Usage> usages = usages(ctx, true);
        if (!"on".equals(ctx.formParam("assign")) || usages.isEmpty()) {
            WizardRoutes.seeOther(ctx, "/?notassigned=" + Html.url(thumbprint.hex()));
            return;
        }
        try {
            site.certwiz(ctx).assignments().assign(thumbprint, usages);
        } catch (CertwizException e) {
            page(site, ctx, e);
            return;
        }
        site.refresh();
        WizardRoutes.seeOther(
                ctx, "/?assigned=" + Html.url(thumbprint.hex()) + "&usages=" + Html.url(WizardRoutes.names(usages)));
    }
}
