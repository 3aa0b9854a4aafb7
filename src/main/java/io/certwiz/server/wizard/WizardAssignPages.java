package io.certwiz.server.wizard;

import io.certwiz.CertwizException;
import io.certwiz.assignment.Rollover;
import io.certwiz.certificate.CertificateView;
import io.certwiz.server.tls.TlsListeners;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.List;

/**
 * Assign: choose a certificate from the personal store for one or more usages. The assignment checks
 * run first (private key, validity, trusted chain, EKU, names); a refusal shows each failed check with
 * its fix and keeps the choices. A success swaps the listeners at once.
 */
final class WizardAssignPages {
    private WizardAssignPages() {}

    static void install(JavalinConfig config, WizardSite site) {
        config.routes.get("/assign", ctx -> {
            List<Usage> usages = WizardRoutes.usages(ctx.queryParams("usage"));
            page(
                    site,
                    ctx,
                    ctx.queryParam("thumbprint"),
                    usages.isEmpty() ? TlsListeners.USAGES : usages,
                    false,
                    "",
                    null);
        });
        config.routes.post("/assign", ctx -> assign(site, ctx));
    }

    private static void page(
            WizardSite site,
            Context ctx,
            String selected,
            List<Usage> usages,
            boolean roll,
            String effectiveDate,
            CertwizException error) {
        String chosen = selected == null || !Thumbprint.looksLike(selected)
                ? null
                : Thumbprint.parse(selected).hex();
        List<CertificateView> certificates = site.certwiz(ctx).certificates().list(TrustStore.personal, null);
        StringBuilder body = new StringBuilder();
        if (certificates.isEmpty()) {
            body.append("<p>There is no certificate in the personal store yet. ")
                    .append(Html.link("/request", "Request"))
                    .append(" one, or ")
                    .append(Html.link("/import", "import"))
                    .append(" a PFX with its private key.</p>");
            WizardRoutes.renderForm(site, ctx, error, "Assign a Certificate", body.toString());
            return;
        }
        body.append("<form method=\"post\" action=\"/assign\" id=\"assign-form\">")
                .append(Html.csrfField(site.csrfToken(ctx)))
                .append("<fieldset><legend>Certificate</legend>");
        for (CertificateView view : certificates) {
            String label = "<strong>" + Html.esc(view.friendlyName() == null ? view.subject() : view.friendlyName())
                    + "</strong> " + (view.friendlyName() == null ? "" : Html.esc(view.subject()) + " ")
                    + "<br><span class=\"mono\">" + Html.esc(view.thumbprint()) + "</span><br>"
                    + "<span class=\"hint\">issued by " + Html.esc(view.issuer()) + ", valid to "
                    + Html.esc(view.notAfter())
                    + "</span> "
                    + Html.badge(
                            view.chain().trusted() ? "chain trusted" : "chain NOT trusted",
                            view.chain().trusted())
                    + " " + Html.badge(view.hasPrivateKey() ? "private key" : "no private key", view.hasPrivateKey())
                    + (view.assignedUsages().isEmpty()
                            ? ""
                            : " " + Html.badge("assigned to " + String.join(", ", view.assignedUsages()), null));
            body.append(Html.check(
                    "radio",
                    "cert-" + view.thumbprint(),
                    "thumbprint",
                    view.thumbprint(),
                    view.thumbprint().equals(chosen) || (chosen == null && certificates.size() == 1),
                    label));
        }
        body.append("</fieldset><fieldset><legend>Usages</legend>");
        body.append(WizardRoutes.usageChoices(usages::contains));
        body.append("</fieldset><fieldset><legend>Roll-over (OAuthTokenIssuer only)</legend>")
                .append(Html.check(
                        "checkbox",
                        "roll",
                        "roll",
                        "on",
                        roll,
                        "Stage it as the next OAuthTokenIssuer certificate instead of swapping now: the current one"
                                + " signs until the effective date, and the JWKS publishes both meanwhile"))
                .append(Html.input(
                        "effectiveDate",
                        "effectiveDate",
                        "text",
                        "Effective date (ISO time with its offset)",
                        effectiveDate,
                        "size=\"28\" placeholder=\"2030-01-01T08:00:00Z\""));
        body.append("</fieldset><p class=\"hint\">The checks run before anything changes: the private key is here, the "
                        + "certificate is valid now, its chain ends in a trusted root, and it fits each usage (extended key "
                        + "usage and names). The listeners present the new certificate at once.</p>")
                .append("<button type=\"submit\" id=\"assign\">Assign</button></form>");
        WizardRoutes.renderForm(site, ctx, error, "Assign a Certificate", body.toString());
    }

    private static void assign(WizardSite site, Context ctx) {
        String thumbprint = ctx.formParam("thumbprint");
        boolean roll = "on".equals(ctx.formParam("roll"));
        String effectiveDate = ctx.formParam("effectiveDate") == null ? "" : ctx.formParam("effectiveDate");
        List<Usage> usages = List.of();
        try {
            usages = WizardRoutes.usages(ctx.formParams("usage"));
            if (thumbprint == null || thumbprint.isBlank()) {
                throw CertwizException.badUsage("choose a certificate");
            }
            if (usages.isEmpty()) {
                throw CertwizException.badUsage("choose at least one usage");
            }
            Thumbprint chosen = Thumbprint.parse(thumbprint);
            if (roll) {
                if (effectiveDate.isBlank()) {
                    throw CertwizException.badUsage("a roll-over needs its effective date");
                }
                Instant effective = Rollover.parseEffectiveDate(effectiveDate, "the effective date");
                site.certwiz(ctx).assignments().stage(chosen, usages, effective);
                site.refresh();
                WizardRoutes.seeOther(
                        ctx, "/?staged=" + Html.url(chosen.hex()) + "&effective=" + Html.url(effective.toString()));
                return;
            }
            if (!effectiveDate.isBlank()) {
                throw CertwizException.badUsage("an effective date goes with a roll-over: tick Roll-over, or clear it");
            }
            site.certwiz(ctx).assignments().assign(chosen, usages);
            site.refresh();
            WizardRoutes.seeOther(
                    ctx, "/?assigned=" + Html.url(chosen.hex()) + "&usages=" + Html.url(WizardRoutes.names(usages)));
        } catch (CertwizException e) {
            page(site, ctx, thumbprint, usages, roll, effectiveDate, e);
        }
    }
}
