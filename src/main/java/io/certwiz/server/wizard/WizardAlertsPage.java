package io.certwiz.server.wizard;

import io.certwiz.CertwizException;
import io.certwiz.alert.AlertsView;
import io.certwiz.alert.Channels;
import io.certwiz.alert.EmailSender;
import io.certwiz.alert.Severity;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Alerts: the open alerts, the channels they go to (add a webhook or email, send a test, remove) and the
 * thresholds, through the same service as {@code certwiz alerts}.
 */
final class WizardAlertsPage {
    private WizardAlertsPage() {}

    static void install(JavalinConfig config, WizardSite site) {
        config.routes.get("/alerts", ctx -> page(site, ctx, null, null));
        config.routes.post(
                "/alerts/webhook",
                ctx -> change(site, ctx, () -> {
                    Channels.AddedWebhook added = site.certwiz(ctx)
                            .alerts()
                            .channels()
                            .addWebhook(
                                    ctx.formParam("name"),
                                    value(ctx, "url"),
                                    null,
                                    Severity.parse(value(ctx, "minSeverity")));
                    return "Added webhook " + added.channel().name() + ". Its HMAC key, shown this once: "
                            + added.hmacKey();
                }));
        config.routes.post(
                "/alerts/email",
                ctx -> change(site, ctx, () -> {
                    String password = ctx.formParam("smtpPassword");
                    String user = ctx.formParam("smtpUser");
                    AlertsView.Channel added = site.certwiz(ctx)
                            .alerts()
                            .channels()
                            .addEmail(
                                    ctx.formParam("name"),
                                    Arrays.stream(value(ctx, "to").split(","))
                                            .map(String::strip)
                                            .toList(),
                                    new EmailSender.Smtp(
                                            value(ctx, "smtpHost"),
                                            port(value(ctx, "smtpPort")),
                                            value(ctx, "smtpSecurity"),
                                            user == null || user.isBlank() ? null : user.strip(),
                                            value(ctx, "from")),
                                    password == null || password.isEmpty() ? null : password.toCharArray(),
                                    Severity.parse(value(ctx, "minSeverity")));
                    return "Added email channel " + added.name() + ".";
                }));
        config.routes.post(
                "/alerts/test",
                ctx -> change(
                        site,
                        ctx,
                        () -> "Sent a test alert to "
                                + String.join(", ", site.certwiz(ctx).alerts().test(ctx.formParam("name"))) + "."));
        config.routes.post(
                "/alerts/remove",
                ctx -> change(
                        site,
                        ctx,
                        () -> "Removed alert channel "
                                + site.certwiz(ctx)
                                        .alerts()
                                        .channels()
                                        .remove(value(ctx, "name"))
                                        .name() + "."));
    }

    private interface Change {
        String run();
    }

    private static void change(WizardSite site, Context ctx, Change change) {
        try {
            page(site, ctx, change.run(), null);
        } catch (CertwizException e) {
            page(site, ctx, null, e);
        }
    }

    private static String value(Context ctx, String field) {
        String value = ctx.formParam(field);
        if (value == null || value.isBlank()) {
            throw CertwizException.badUsage("fill in " + field);
        }
        return value.strip();
    }

    private static int port(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw CertwizException.badUsage("the SMTP port is a number, not '" + text + "'");
        }
    }

    private static void page(WizardSite site, Context ctx, String done, CertwizException error) {
        AlertsView view = site.certwiz(ctx).alerts().list();
        String csrf = Html.csrfField(site.csrfToken(ctx));
        StringBuilder body = new StringBuilder();
        if (done != null) {
            body.append("<p class=\"ok\" role=\"status\" id=\"flash\">")
                    .append(Html.esc(done))
                    .append("</p>");
        }
        body.append("<h2>Open alerts</h2>");
        if (view.alerts().isEmpty()) {
            body.append("<p class=\"ok\" id=\"no-alerts\">No open alerts.</p>");
        } else {
            List<Html.Row> rows = new ArrayList<>();
            for (AlertsView.Open a : view.alerts()) {
                rows.add(new Html.Row(
                        "alert-" + a.key(),
                        List.of(
                                Html.cell(Html.esc(a.kind())),
                                Html.cell(
                                        "state",
                                        Html.badge(a.severity().name(), a.severity() == Severity.info ? null : false)
                                                + (a.firing() ? "" : " " + Html.badge("pending", null))),
                                Html.cell(Html.esc(a.message())),
                                Html.cell("nowrap", Html.esc(a.since())),
                                Html.cell(Html.esc(a.sentCount())))));
            }
            body.append(Html.table("alerts", List.of("Kind", "Severity", "What", "Since", "Sent"), rows));
        }
        body.append("<h2>Channels</h2>");
        if (view.channels().isEmpty()) {
            body.append(
                    "<p id=\"no-channels\">No channel yet: alerts show here, in <code>certwiz alerts list</code> and"
                            + " in /metrics, and are sent nowhere.</p>");
        } else {
            List<Html.Row> rows = new ArrayList<>();
            for (AlertsView.Channel c : view.channels()) {
                rows.add(new Html.Row(
                        "channel-" + c.name(),
                        List.of(
                                Html.cell(Html.esc(c.name())),
                                Html.cell(Html.esc(c.kind())),
                                Html.cell(
                                        "mono",
                                        Html.esc(c.target()) + (c.smtp() == null ? "" : "<br>" + Html.esc(c.smtp()))),
                                Html.cell("state", Html.badge(c.minSeverity().name(), null)),
                                Html.cell(
                                        "actions-cell",
                                        "<form method=\"post\" action=\"/alerts/test\" class=\"inline\">" + csrf
                                                + Html.hidden("name", c.name()) + "<button>Test</button></form> "
                                                + "<form method=\"post\" action=\"/alerts/remove\" class=\"inline\">"
                                                + csrf
                                                + Html.hidden("name", c.name()) + "<button>Remove</button></form>"))));
            }
            body.append(Html.table("channels", List.of("Name", "Kind", "Target", "From severity", "Actions"), rows));
        }
        String severities = "<label for=\"%s\">From severity</label><select id=\"%s\" name=\"minSeverity\">"
                + "<option>info</option><option selected>warning</option><option>critical</option></select>";
        body.append("<h2>Add a webhook</h2><form method=\"post\" action=\"/alerts/webhook\" id=\"webhook-form\">")
                .append(csrf)
                .append(Html.input("webhook-name", "name", "text", "Name", "", "required"))
                .append(Html.input("webhook-url", "url", "url", "URL", "", "required size=\"60\""))
                .append(severities.formatted("webhook-severity", "webhook-severity"))
                .append("<p class=\"hint\">JSON POSTs signed with HMAC-SHA256 (X-Certwiz-Signature); the key is shown"
                        + " once.</p><button type=\"submit\">Add webhook</button></form>");
        body.append("<h2>Add email</h2><form method=\"post\" action=\"/alerts/email\" id=\"email-form\">")
                .append(csrf)
                .append(Html.input("email-name", "name", "text", "Name", "", "required"))
                .append(Html.input("email-to", "to", "text", "To (comma-separated)", "", "required size=\"60\""))
                .append(Html.input("email-from", "from", "email", "From", "", "required"))
                .append(Html.input("email-host", "smtpHost", "text", "SMTP server", "", "required"))
                .append(Html.input("email-port", "smtpPort", "number", "Port", "587", "min=\"1\" max=\"65535\""))
                .append(
                        "<label for=\"email-security\">Security</label><select id=\"email-security\" name=\"smtpSecurity\">"
                                + "<option selected>starttls</option><option>tls</option><option>none</option></select>")
                .append(Html.input("email-user", "smtpUser", "text", "User", "", "autocomplete=\"off\""))
                .append(Html.input(
                        "email-password", "smtpPassword", "password", "Password", "", "autocomplete=\"off\""))
                .append(severities.formatted("email-severity", "email-severity"))
                .append("<div><button type=\"submit\">Add email</button></div></form>");
        AlertsView.Thresholds t = view.thresholds();
        body.append("<h2>Thresholds</h2>")
                .append(Html.fields(
                        "Warning",
                        Math.round(t.warningShare() * 100) + "% of the lifetime left",
                        "Critical",
                        Math.round(t.criticalShare() * 100) + "% left, or " + t.criticalDays() + " days",
                        "Sent again after",
                        java.time.Duration.parse(t.repeat())
                                .toString()
                                .substring(2)
                                .toLowerCase()))
                .append("<p class=\"hint\">Change them with <code>certwiz alerts configure</code>.</p>");
        WizardRoutes.renderForm(site, ctx, error, "Alerts", body.toString());
    }
}
