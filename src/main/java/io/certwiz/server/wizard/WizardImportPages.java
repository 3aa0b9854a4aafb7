package io.certwiz.server.wizard;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.certificate.CertificateView;
import io.certwiz.inventory.ImportOutcome;
import io.certwiz.inventory.ImportService;
import io.certwiz.request.PendingRequest;
import io.certwiz.request.RequestOutcome;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Import page: CA certificates (trusted root or intermediate), a certificate with its private key
 * (PFX/PKCS#12 and its password), and the CA's reply to an offline request, which completes the pending
 * request and leads to the request status page. Uploads are multipart forms carrying the CSRF token.
 */
final class WizardImportPages {
    private WizardImportPages() {}

    static void install(JavalinConfig config, WizardSite site) {
        config.routes.get("/import", ctx -> page(site, ctx, null));
        config.routes.post("/import", ctx -> upload(site, ctx));
        // The missing intermediate of a certificate's chain, from its AIA caIssuers URL (never a root).
        config.routes.post("/import/fetch-aia", ctx -> {
            Thumbprint thumbprint = Thumbprint.parse(String.valueOf(ctx.formParam("thumbprint")));
            result(site, ctx, site.certwiz(ctx).imports().fetchIntermediates(thumbprint));
        });
    }

    private static void page(WizardSite site, Context ctx, CertwizException error) {
        Certwiz certwiz = site.certwiz(ctx);
        String csrf = Html.csrfField(site.csrfToken(ctx));
        StringBuilder body = new StringBuilder();
        body.append(
                        "<p>Import a certificate file: PEM, DER (.cer, .crt), PKCS#7 (.p7b) or PKCS#12 (.pfx, .p12), up to ")
                .append(WizardRoutes.MAX_UPLOAD_BYTES / 1024)
                .append(" KB.</p>");

        body.append(
                        "<section aria-labelledby=\"import-ca\"><h2 id=\"import-ca\">CA certificate (root or intermediate)</h2>")
                .append("<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\" id=\"ca-form\">")
                .append(csrf)
                .append(Html.hidden("kind", "ca"))
                .append("<label for=\"ca-file\">CA certificate file</label>")
                .append("<input type=\"file\" id=\"ca-file\" name=\"file\" required "
                        + "accept=\".cer,.crt,.pem,.der,.p7b,.p7c\">")
                .append("<label for=\"ca-store\">Store</label><select id=\"ca-store\" name=\"store\">")
                .append("<option value=\"root\">Trusted root CA (the chain's anchor)</option>")
                .append("<option value=\"intermediate\">Intermediate CA</option>")
                .append("<option value=\"\">Decide from the certificate (a self-signed CA is trusted only by"
                        + " choosing root)</option>")
                .append("</select><p class=\"hint\">Only roots in the trusted root store anchor chains; intermediates "
                        + "only link a certificate to a root.</p>")
                .append("<label><input type=\"checkbox\" name=\"move\" value=\"on\"> Move a trusted root out of the"
                        + " root store (its certificates stop being trusted)</label>")
                .append("<button type=\"submit\">Import CA certificate</button></form></section>");

        body.append(
                        "<section aria-labelledby=\"import-pfx\"><h2 id=\"import-pfx\">Certificate with its private key (PFX)</h2>")
                .append("<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\" id=\"pfx-form\">")
                .append(csrf)
                .append(Html.hidden("kind", "pfx"))
                .append("<label for=\"pfx-file\">PFX / PKCS#12 file</label>")
                .append("<input type=\"file\" id=\"pfx-file\" name=\"file\" required accept=\".pfx,.p12\">")
                .append(Html.input(
                        "pfx-password", "password", "password", "Password", "", "autocomplete=\"off\" size=\"30\""))
                .append(Html.input(
                        "pfx-friendly",
                        "friendlyName",
                        "text",
                        "Friendly name (optional)",
                        "",
                        "maxlength=\"200\" size=\"40\""))
                .append(Html.check(
                        "checkbox", "pfx-exportable", "exportable", "on", false, "Mark the private key as exportable"))
                .append("<p class=\"hint\">CA certificates inside the PFX go to the intermediate store; trust a root "
                        + "by importing it above.</p>")
                .append("<button type=\"submit\">Import PFX</button></form></section>");

        List<PendingRequest> pending = certwiz.requests().pending();
        body.append(
                        "<section aria-labelledby=\"import-reply\"><h2 id=\"import-reply\">CA reply to an offline request</h2>")
                .append("<form method=\"post\" action=\"/import\" enctype=\"multipart/form-data\" id=\"reply-form\">")
                .append(csrf)
                .append(Html.hidden("kind", "reply"))
                .append("<label for=\"reply-file\">The CA's reply (certificate or PKCS#7 chain)</label>")
                .append("<input type=\"file\" id=\"reply-file\" name=\"file\" required "
                        + "accept=\".cer,.crt,.pem,.der,.p7b,.p7c\">")
                .append("<p class=\"hint\">The reply completes the pending request whose key it matches, then the "
                        + "request status page follows. ");
        if (pending.isEmpty()) {
            body.append("No request is pending now.");
        } else {
            body.append("Pending: ");
            for (int i = 0; i < pending.size(); i++) {
                PendingRequest request = pending.get(i);
                body.append(i == 0 ? "" : ", ")
                        .append(Html.link(
                                "/requests/" + request.id(),
                                "request " + request.id() + " (" + WizardRoutes.names(request.usages()) + ")"));
            }
            body.append(".");
        }
        body.append("</p><button type=\"submit\">Import reply</button></form></section>");
        WizardRoutes.renderForm(site, ctx, error, "Import Certificates", body.toString());
    }

    private static void upload(WizardSite site, Context ctx) throws IOException {
        String kind = ctx.formParam("kind");
        char[] password = null;
        try {
            UploadedFile file = ctx.uploadedFile("file");
            if (file == null || file.size() == 0) {
                throw CertwizException.badUsage("choose a file to import");
            }
            if (file.size() > WizardRoutes.MAX_UPLOAD_BYTES) {
                throw CertwizException.badUsage(
                        "the file is larger than " + WizardRoutes.MAX_UPLOAD_BYTES / 1024 + " KB");
            }
            byte[] data;
            try (InputStream in = file.content()) {
                data = in.readAllBytes();
            }
            String name = file.filename() == null || file.filename().isBlank() ? "upload" : file.filename();
            ImportService.Options options = switch (kind == null ? "" : kind) {
                case "ca" -> {
                    String store = ctx.formParam("store");
                    yield new ImportService.Options(
                            store == null || store.isBlank() ? null : TrustStore.parse(store),
                            null,
                            false,
                            null,
                            false,
                            "on".equals(ctx.formParam("move")));
                }
                case "pfx" -> {
                    String text = ctx.formParam("password");
                    password = text == null || text.isEmpty() ? null : text.toCharArray();
                    String friendly = ctx.formParam("friendlyName");
                    yield new ImportService.Options(
                            null,
                            password,
                            "on".equals(ctx.formParam("exportable")),
                            friendly == null || friendly.isBlank() ? null : friendly.strip(),
                            false);
                }
                // The status page that follows a completed request assigns (its Finish), not the import.
                case "reply" -> new ImportService.Options(null, null, false, null, false);
                default ->
                    throw CertwizException.badUsage("choose what to import: a CA certificate, a PFX or a CA reply");
            };
            ImportOutcome outcome = site.certwiz(ctx).imports().importBytes(data, name, options);
            site.refresh();
            RequestOutcome completed = outcome.completedRequest();
            if (completed != null) {
                WizardRoutes.seeOther(
                        ctx,
                        WizardStatusPage.location(
                                completed.certificate().thumbprint(),
                                completed.requestedUsages().stream()
                                        .map(Usage::parse)
                                        .toList(),
                                completed.requestId()));
                return;
            }
            result(site, ctx, outcome);
        } catch (CertwizException e) {
            page(site, ctx, e);
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    /**
     * A button that fetches the missing intermediate of a certificate's chain from its AIA caIssuers URL,
     * shown when the chain misses a CA certificate and the certificate (or the last one found) names one.
     */
    static String fetchAiaForm(WizardSite site, Context ctx, String thumbprint) {
        CertificateView view;
        try {
            view = site.certwiz(ctx).certificates().show(thumbprint, false);
        } catch (CertwizException e) {
            return "";
        }
        boolean missing =
                view.chain().problems().stream().anyMatch(p -> p.code().equals("CA_NOT_FOUND"));
        if (!missing) {
            return "";
        }
        return "<form method=\"post\" action=\"/import/fetch-aia\" class=\"actions\">"
                + Html.csrfField(site.csrfToken(ctx))
                + Html.hidden("thumbprint", thumbprint)
                + "<p>The chain of <span class=\"mono\">" + Html.esc(thumbprint)
                + "</span> misses a CA certificate. <button type=\"submit\">Fetch the missing intermediate (AIA)"
                + "</button> <span class=\"hint\">from the caIssuers URL the certificate names; a root is never"
                + " fetched, import it yourself</span></p></form>";
    }

    private static void result(WizardSite site, Context ctx, ImportOutcome outcome) {
        StringBuilder body = new StringBuilder("<p class=\"ok\" role=\"status\">Imported ")
                .append(outcome.imported().size())
                .append(outcome.imported().size() == 1 ? " certificate" : " certificates")
                .append(".</p>");
        boolean assignable = false;
        List<Html.Row> rows = new ArrayList<>();
        for (ImportOutcome.Imported item : outcome.imported()) {
            assignable |= item.privateKey() && "personal".equals(item.store());
            rows.add(new Html.Row(
                    null,
                    List.of(
                            Html.cell(Html.esc(item.subject())),
                            Html.cell("mono", Html.link("/certificates/" + item.thumbprint(), item.thumbprint())),
                            Html.cell(Html.esc(item.store())),
                            Html.cell(item.privateKey() ? "yes" : "no"),
                            Html.cell(Html.esc(item.note() == null ? "" : item.note())))));
        }
        body.append(Html.table("imported", List.of("Subject", "Thumbprint", "Store", "Private key", "Note"), rows));
        for (ImportOutcome.Imported item : outcome.imported()) {
            body.append(fetchAiaForm(site, ctx, item.thumbprint()));
        }
        body.append("<div class=\"actions\">").append(Html.button("/import", "Import another"));
        if (assignable) {
            String thumbprint = outcome.imported().stream()
                    .filter(i -> i.privateKey() && "personal".equals(i.store()))
                    .findFirst()
                    .orElseThrow()
                    .thumbprint();
            body.append(Html.button("/assign?thumbprint=" + thumbprint, "Assign it"));
        } else {
            body.append(Html.button("/assign", "Assign"));
        }
        body.append(Html.button("/", "Main page")).append("</div>");
        WizardRoutes.render(site, ctx, 201, "Import Result", body.toString());
    }
}
