package io.certwiz.server.wizard;

import io.certwiz.CertwizException;
import io.certwiz.assignment.ClientRoots;
import io.certwiz.assignment.ClientRootsService;
import io.certwiz.usage.Usage;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * Client roots: which roots of the root store the Default listener trusts for client certificates, chosen
 * through the same service as {@code certwiz usage set Default --client-roots}.
 */
final class WizardClientRootsPage {
    static final String PATH = "/usages/Default/client-roots";

    private WizardClientRootsPage() {}

    static void install(JavalinConfig config, WizardSite site) {
        config.routes.get(PATH, ctx -> page(site, ctx, null, null));
        config.routes.post(PATH, ctx -> {
            try {
                ClientRootsService.ClientRootsView set =
                        site.certwiz(ctx).clientRoots().set(Usage.Default, choice(ctx));
                site.refresh();
                page(
                        site,
                        ctx,
                        "Default now trusts client certificates that chain to "
                                + set.trusted().size() + (set.trusted().size() == 1 ? " root" : " roots") + " ("
                                + set.clientRoots() + ").",
                        null);
            } catch (CertwizException e) {
                page(site, ctx, null, e);
            }
        });
    }

    /** The form as {@link ClientRoots#parse} reads it. */
    private static String choice(Context ctx) {
        String mode = ctx.formParam("mode");
        if ("default".equals(mode) || "all".equals(mode)) {
            return mode;
        }
        List<String> items = ctx.formParams("item");
        if (items.isEmpty()) {
            throw CertwizException.badUsage("choose at least one root, or the default, or all roots");
        }
        return String.join(",", items);
    }

    private static void page(WizardSite site, Context ctx, String done, CertwizException error) {
        ClientRootsService.ClientRootsView view =
                site.certwiz(ctx).clientRoots().view(Usage.Default);
        ClientRoots choice = ClientRoots.parse(view.clientRoots());
        boolean listed = !choice.all() && !choice.equals(ClientRoots.DEFAULT);
        StringBuilder body = new StringBuilder();
        if (done != null) {
            body.append("<p class=\"ok\" role=\"status\" id=\"flash\">")
                    .append(Html.esc(done))
                    .append("</p>");
        }
        body.append("<p>The Default listener asks every client for a certificate. It lets in one that chains to"
                + " a root below marked trusted, carries clientAuth and is not revoked.</p>");
        List<Html.Row> rows = new ArrayList<>();
        for (ClientRootsService.Root root : view.roots()) {
            rows.add(new Html.Row(
                    "root-" + root.thumbprint(),
                    List.of(
                            Html.cell(
                                    "mono thumbprint",
                                    Html.link("/certificates/" + root.thumbprint(), root.thumbprint())),
                            Html.cell(Html.esc(root.subject())),
                            Html.cell(
                                    "state",
                                    Html.badge(
                                            root.trusted() ? "trusted" : "not trusted",
                                            root.trusted() ? Boolean.TRUE : null)),
                            Html.cell(Html.esc(String.join(", ", root.because()))))));
        }
        body.append(Html.table("client-roots", List.of("Thumbprint", "Subject", "For clients", "Because"), rows));
        for (String absent : view.absent()) {
            body.append("<p class=\"warning\">")
                    .append(Html.esc(absent))
                    .append(" is chosen but no longer in the root store: not trusted.</p>");
        }
        for (String warning : view.warnings()) {
            body.append("<p class=\"warning\" role=\"alert\">")
                    .append(Html.esc(warning))
                    .append("</p>");
        }
        body.append("<h2>Choose</h2><form method=\"post\" action=\"" + PATH + "\" id=\"client-roots-form\">")
                .append(Html.csrfField(site.csrfToken(ctx)))
                .append(Html.check(
                        "radio",
                        "mode-default",
                        "mode",
                        "default",
                        choice.equals(ClientRoots.DEFAULT),
                        "The default: the embedded CA's root and the root of the certificate assigned to Default"))
                .append(Html.check("radio", "mode-all", "mode", "all", choice.all(), "Every root in the root store"))
                .append(Html.check("radio", "mode-list", "mode", "list", listed, "These:"))
                .append("<div class=\"indent\">")
                .append(Html.check(
                        "checkbox",
                        "item-embedded",
                        "item",
                        "embedded",
                        listed && choice.embedded(),
                        "the embedded CA's root"))
                .append(Html.check(
                        "checkbox",
                        "item-assigned",
                        "item",
                        "assigned",
                        listed && choice.assigned(),
                        "the root of the certificate assigned to Default"));
        for (ClientRootsService.Root root : view.roots()) {
            body.append(Html.check(
                    "checkbox",
                    "item-" + root.thumbprint(),
                    "item",
                    root.thumbprint(),
                    listed && root.because().contains("listed"),
                    Html.esc(root.subject()) + " <span class=\"mono hint\">" + Html.esc(root.thumbprint())
                            + "</span>"));
        }
        body.append("</div><p class=\"hint\">The same as <code>certwiz usage set Default --client-roots</code>; new"
                + " handshakes use it at once.</p><button type=\"submit\">Save</button></form>");
        WizardRoutes.renderForm(site, ctx, error, "Client roots of Default", body.toString());
    }
}
