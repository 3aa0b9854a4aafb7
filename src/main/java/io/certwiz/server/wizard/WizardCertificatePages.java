package io.certwiz.server.wizard;

import io.certwiz.ca.IssuedRecord;
import io.certwiz.ca.RevocationReason;
import io.certwiz.certificate.CertificateView;
import io.certwiz.trust.ChainReport;
import io.certwiz.trust.TrustStore;
import io.certwiz.x509.CertificateDetails;
import io.certwiz.x509.Thumbprint;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * View: the certificates in each store, and View Certificate Details for one of them, with every field
 * {@code certwiz show} prints and the certification path drawn as a tree, each element with its status.
 */
final class WizardCertificatePages {
    private WizardCertificatePages() {}

    static void install(JavalinConfig config, WizardSite site) {
        config.routes.get("/certificates", ctx -> list(site, ctx));
        config.routes.get("/certificates/{thumbprint}", ctx -> details(site, ctx));
        config.routes.get("/certificates/{thumbprint}/pem", ctx -> {
            CertificateView view = site.certwiz(ctx).certificates().show(thumbprint(ctx), true);
            WizardRoutes.download(ctx, view.thumbprint() + ".pem", "application/x-pem-file", view.pem());
        });
        config.routes.post("/certificates/{thumbprint}/revoke", ctx -> {
            RevocationReason reason = RevocationReason.parse(ctx.formParam("reason"));
            site.certwiz(ctx).revocations().revoke(Thumbprint.parse(thumbprint(ctx)), reason);
            site.refresh();
            WizardRoutes.seeOther(ctx, "/certificates/" + Html.url(thumbprint(ctx)) + "?revoked=1");
        });
        config.routes.post("/certificates/{thumbprint}/remove", ctx -> {
            CertificateView removed = site.certwiz(ctx).certificates().remove(thumbprint(ctx));
            WizardRoutes.seeOther(ctx, "/certificates?removed=" + Html.url(removed.thumbprint()));
        });
    }

    private static String thumbprint(Context ctx) {
        return Thumbprint.parse(ctx.pathParam("thumbprint")).hex();
    }

    private static void list(WizardSite site, Context ctx) {
        String storeParam = ctx.queryParam("store");
        TrustStore store = storeParam == null || storeParam.isBlank() ? null : TrustStore.parse(storeParam);
        List<CertificateView> certificates = site.certwiz(ctx).certificates().list(store, null);
        StringBuilder body = new StringBuilder();
        String removed = ctx.queryParam("removed");
        if (removed != null) {
            body.append("<p class=\"ok\" role=\"status\">Removed <span class=\"mono\">")
                    .append(Html.esc(removed))
                    .append("</span>.</p>");
        }
        body.append("<nav aria-label=\"Stores\" class=\"actions\">")
                .append(store == null ? "<strong>All</strong>" : Html.link("/certificates", "All"));
        for (TrustStore each : TrustStore.values()) {
            body.append(" ")
                    .append(
                            each == store
                                    ? "<strong>" + Html.esc(storeLabel(each)) + "</strong>"
                                    : Html.link("/certificates?store=" + each.name(), storeLabel(each)));
        }
        body.append("</nav>");
        if (certificates.isEmpty()) {
            body.append("<p>No certificates here.</p>");
        } else {
            List<Html.Row> rows = new ArrayList<>();
            for (CertificateView view : certificates) {
                rows.add(new Html.Row(
                        null,
                        List.of(
                                Html.cell(Html.esc(
                                        view.friendlyName() == null
                                                ? view.subject()
                                                : view.friendlyName() + " (" + view.subject() + ")")),
                                Html.cell("mono", Html.link("/certificates/" + view.thumbprint(), view.thumbprint())),
                                Html.cell(Html.esc(view.store())),
                                Html.cell(Html.esc(view.notAfter())),
                                Html.cell(Html.badge(
                                        view.chain().trusted() ? "trusted" : "NOT trusted",
                                        view.chain().trusted())),
                                Html.cell(Html.esc(String.join(", ", view.assignedUsages()))))));
            }
            body.append(Html.table(
                    "certificates",
                    List.of("Subject", "Thumbprint", "Store", "Expires", "Chain", "Assigned to"),
                    rows));
        }
        WizardRoutes.render(site, ctx, "Certificates", body.toString());
    }

    private static String storeLabel(TrustStore store) {
        return switch (store) {
            case personal -> "Personal";
            case root -> "Trusted root CAs";
            case intermediate -> "Intermediate CAs";
        };
    }

    private static String list(List<String> values) {
        return values == null || values.isEmpty() ? "(none)" : String.join(", ", values);
    }

    /** Which certificate this one renewed and which renewed it, and its renewal state. */
    private static String lineage(CertificateView view) {
        if (view.replaces() == null && view.replacedBy() == null && view.renewal() == null) {
            return "";
        }
        io.certwiz.usage.RenewalView renewal = view.renewal();
        return "<h2>Renewal</h2>"
                + Html.fields(
                        "Replaces",
                                view.replaces() == null
                                        ? "(none)"
                                        : Html.raw(Html.link("/certificates/" + view.replaces(), view.replaces())),
                        "Replaced by",
                                view.replacedBy() == null
                                        ? "(none)"
                                        : Html.raw(Html.link("/certificates/" + view.replacedBy(), view.replacedBy())),
                        "Due", renewal == null ? "(not tracked)" : renewal.dueAt(),
                        "Last attempt",
                                renewal == null || renewal.lastAttemptAt() == null ? "(none)" : renewal.lastAttemptAt(),
                        "Failed attempts", renewal == null ? "0" : Integer.toString(renewal.attempts()),
                        "Last error", renewal == null || renewal.lastError() == null ? "(none)" : renewal.lastError());
    }

    private static void details(WizardSite site, Context ctx) {
        CertificateView view = site.certwiz(ctx)
                .renewals()
                .annotate(site.certwiz(ctx).certificates().show(thumbprint(ctx), true));
        CertificateDetails d = view.details();
        StringBuilder body = new StringBuilder();
        body.append("<h2>General</h2>")
                .append(Html.fields(
                        "Thumbprint (SHA-1)",
                                Html.raw("<code id=\"details-thumbprint\">" + Html.esc(d.thumbprint()) + "</code>"),
                        "SHA-256", Html.raw("<code>" + Html.esc(d.sha256()) + "</code>"),
                        "Subject", d.subject(),
                        "Issuer", d.issuer(),
                        "Valid from", d.notBefore(),
                        "Valid to", d.notAfter(),
                        "Friendly name", view.friendlyName() == null ? "(none)" : view.friendlyName(),
                        "Store", view.store(),
                        "Private key", view.privateKeyStatus(),
                        "Assigned to", list(view.assignedUsages())));
        body.append(lineage(view));
        body.append("<h2>Details</h2>")
                .append(Html.fields(
                        "Version", "V" + d.version(),
                        "Serial number", Html.raw("<span class=\"mono\">" + Html.esc(d.serialNumber()) + "</span>"),
                        "Signature algorithm", d.signatureAlgorithm(),
                        "Public key", d.publicKeyAlgorithm() + " (" + d.publicKeyBits() + " bits)",
                        "Subject alternative names", list(d.sans()),
                        "Key usage", list(d.keyUsage()),
                        "Enhanced key usage", list(d.extendedKeyUsage()),
                        "Basic constraints", CertificateDetails.BasicConstraintsView.describe(d.basicConstraints()),
                        "Subject key identifier",
                                Html.raw("<span class=\"mono\">" + Html.esc(d.subjectKeyIdentifier()) + "</span>"),
                        "Authority key identifier",
                                Html.raw("<span class=\"mono\">" + Html.esc(d.authorityKeyIdentifier()) + "</span>"),
                        "Authority info access", list(d.authorityInfoAccess()),
                        "CRL distribution points", list(d.crlDistributionPoints()),
                        "Certificate policies", list(d.policies())));
        body.append(revocation(site, ctx, view));
        body.append("<h2>Certification path</h2>")
                .append(chainTree(view.chain()))
                .append(WizardProblems.html(view.chain().problems()))
                .append(WizardImportPages.fetchAiaForm(site, ctx, view.thumbprint()));
        body.append("<details><summary>The certificate as PEM</summary><pre>")
                .append(Html.esc(view.pem()))
                .append("</pre></details>");
        body.append("<div class=\"actions\">");
        if (TrustStore.personal.name().equals(view.store())
                && (d.basicConstraints() == null || !d.basicConstraints().ca())) {
            body.append(Html.button("/assign?thumbprint=" + view.thumbprint(), "Assign"));
        }
        body.append(Html.button("/certificates/" + view.thumbprint() + "/pem", "Download PEM"));
        if (view.assignedUsages().isEmpty()) {
            body.append("<form method=\"post\" action=\"/certificates/")
                    .append(Html.esc(view.thumbprint()))
                    .append("/remove\">")
                    .append(Html.csrfField(site.csrfToken(ctx)))
                    .append("<button type=\"submit\">Remove from the store</button></form>");
        }
        body.append("</div>");
        WizardRoutes.render(site, ctx, "Certificate Details", body.toString());
    }

    /** The embedded CA's revocation of a certificate it issued, or the form that revokes it. */
    private static String revocation(WizardSite site, Context ctx, CertificateView view) {
        IssuedRecord issued = site.certwiz(ctx)
                .revocations()
                .issued(Thumbprint.parse(view.thumbprint()))
                .orElse(null);
        if (issued == null) {
            return "";
        }
        StringBuilder out = new StringBuilder("<h2>Revocation</h2>");
        if (ctx.queryParam("revoked") != null && issued.revokedAt() != null) {
            out.append("<p class=\"ok\" role=\"status\">Revoked; the CRL was signed again.</p>");
        }
        if (issued.revokedAt() != null) {
            return out.append(Html.fields(
                            "Status",
                            Html.raw("<span id=\"revocation-status\">" + Html.badge("Revoked", false) + "</span>"),
                            "Revoked at",
                            issued.revokedAt().toString(),
                            "Reason",
                            RevocationReason.nameOf(issued.revocationReason())))
                    .toString();
        }
        out.append(Html.fields(
                "Status",
                Html.raw("<span id=\"revocation-status\">" + Html.badge("Not revoked", true) + "</span>"),
                "Issued by",
                "the embedded CA"));
        out.append("<form method=\"post\" action=\"/certificates/")
                .append(Html.esc(view.thumbprint()))
                .append("/revoke\">")
                .append(Html.csrfField(site.csrfToken(ctx)))
                .append("<label for=\"reason\">Reason</label> <select id=\"reason\" name=\"reason\">");
        for (RevocationReason reason : RevocationReason.values()) {
            if (reason.revocable()) {
                out.append("<option value=\"")
                        .append(reason.name())
                        .append("\">")
                        .append(reason.name())
                        .append("</option>");
            }
        }
        return out.append("</select> <button type=\"submit\">Revoke</button></form>")
                .toString();
    }

    /** The chain as a nested list, root outermost and the certificate itself innermost. */
    static String chainTree(CertificateView.Chain chain) {
        List<ChainReport.ChainElement> elements = chain.elements();
        StringBuilder out = new StringBuilder("<p>Verdict: ")
                .append(Html.badge(chain.trusted() ? "trusted" : "NOT trusted", chain.trusted()))
                .append("</p>");
        StringBuilder close = new StringBuilder();
        for (int i = elements.size() - 1; i >= 0; i--) {
            ChainReport.ChainElement element = elements.get(i);
            out.append(i == elements.size() - 1 ? "<ul class=\"tree\" id=\"chain\">" : "<ul>")
                    .append("<li class=\"chain-element\" data-status=\"")
                    .append(Html.esc(element.status()))
                    .append("\">")
                    .append(Html.badge(element.status(), "Valid".equals(element.status())))
                    .append(" <strong>")
                    .append(Html.esc(element.subject()))
                    .append("</strong><br><span class=\"hint\">")
                    .append(Html.esc(element.role()))
                    .append(element.store() == null ? "" : ", " + Html.esc(element.store()) + " store")
                    .append("</span> ");
            if (element.thumbprint() != null) {
                out.append("<span class=\"mono\">")
                        .append(Html.link("/certificates/" + element.thumbprint(), element.thumbprint()))
                        .append("</span>");
            } else if (element.keyIdentifier() != null) {
                out.append("<span class=\"hint\">key id <span class=\"mono\">")
                        .append(Html.esc(element.keyIdentifier()))
                        .append("</span></span>");
            }
            close.append("</li></ul>");
        }
        return out.append(close).toString();
    }
}
