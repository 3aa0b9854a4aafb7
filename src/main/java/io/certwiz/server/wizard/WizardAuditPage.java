package io.certwiz.server.wizard;

import io.certwiz.audit.AuditEntry;
import io.javalin.config.JavalinConfig;
import java.util.ArrayList;
import java.util.List;

/** The audit log: every change and every failed login, newest first (the same log as {@code certwiz audit}). */
final class WizardAuditPage {
    static final int ENTRIES = 200;

    private WizardAuditPage() {}

    static void install(JavalinConfig config, WizardSite site) {
        config.routes.get("/audit", ctx -> {
            List<AuditEntry> entries = site.certwiz(ctx).audit().newest(ENTRIES);
            StringBuilder body = new StringBuilder("<p>The last ")
                    .append(ENTRIES)
                    .append(" entries. <code>certwiz audit</code> shows the same log.</p>");
            List<Html.Row> rows = new ArrayList<>();
            for (AuditEntry entry : entries) {
                StringBuilder thumbprints = new StringBuilder();
                for (String thumbprint : entry.thumbprints()) {
                    thumbprints
                            .append(Html.link(
                                    "/certificates/" + thumbprint, WizardHomePage.shortThumbprint(thumbprint)))
                            .append(" ");
                }
                rows.add(new Html.Row(
                        null,
                        List.of(
                                Html.cell(Html.esc(entry.at())),
                                Html.cell(Html.esc(entry.actor())),
                                Html.cell(Html.esc(entry.operation())),
                                Html.cell("mono", thumbprints.toString()),
                                Html.cell(Html.esc(entry.detail() == null ? "" : entry.detail())))));
            }
            body.append(Html.table("audit", List.of("Time", "Actor", "Operation", "Certificates", "Detail"), rows));
            WizardRoutes.render(site, ctx, "Audit Log", body.toString());
        });
    }
}
