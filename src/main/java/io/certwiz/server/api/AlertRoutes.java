package io.certwiz.server.api;

import io.certwiz.alert.AlertService;
import io.certwiz.alert.AlertThresholds;
import io.certwiz.alert.EmailSender;
import io.certwiz.alert.Severity;
import io.javalin.config.JavalinConfig;
import java.util.List;
import java.util.Map;

/** The API's alert routes: {@code certwiz alerts list|test|add-webhook|add-email|remove|configure}. */
final class AlertRoutes {
    private AlertRoutes() {}

    record TestBody(String name) {}

    record WebhookBody(String name, String url, String secret, String minSeverity) {}

    record EmailBody(
            String name,
            List<String> to,
            String from,
            String smtpHost,
            Integer smtpPort,
            String smtpSecurity,
            String smtpUser,
            String smtpPassword,
            String minSeverity) {}

    record ThresholdsBody(String warning, String critical, Integer criticalDays, String repeat) {}

    static void install(JavalinConfig config, ApiSite site) {
        String base = ApiRoutes.PREFIX + "/alerts";
        config.routes.get(base, ctx -> ctx.json(site.certwiz(ctx).alerts().list()));
        config.routes.post(base + "/test", ctx -> {
            TestBody body = ApiRoutes.body(ctx, TestBody.class);
            ctx.json(Map.of("sent", site.certwiz(ctx).alerts().test(body.name())));
        });
        config.routes.post(base + "/webhooks", ctx -> {
            WebhookBody body = ApiRoutes.body(ctx, WebhookBody.class);
            ctx.status(201)
                    .json(site.certwiz(ctx)
                            .alerts()
                            .channels()
                            .addWebhook(
                                    body.name(),
                                    required(body.url(), "url"),
                                    body.secret(),
                                    severity(body.minSeverity())));
        });
        config.routes.post(base + "/emails", ctx -> {
            EmailBody body = ApiRoutes.body(ctx, EmailBody.class);
            ctx.status(201)
                    .json(site.certwiz(ctx)
                            .alerts()
                            .channels()
                            .addEmail(
                                    body.name(),
                                    body.to(),
                                    new EmailSender.Smtp(
                                            required(body.smtpHost(), "smtpHost"),
                                            body.smtpPort() == null ? 587 : body.smtpPort(),
                                            body.smtpSecurity() == null ? "starttls" : body.smtpSecurity(),
                                            body.smtpUser(),
                                            required(body.from(), "from")),
                                    body.smtpPassword() == null
                                            ? null
                                            : body.smtpPassword().toCharArray(),
                                    severity(body.minSeverity())));
        });
        config.routes.delete(
                base + "/channels/{name}",
                ctx -> ctx.json(site.certwiz(ctx).alerts().channels().remove(ctx.pathParam("name"))));
        config.routes.post(base + "/thresholds", ctx -> {
            ThresholdsBody body = ApiRoutes.body(ctx, ThresholdsBody.class);
            AlertService alerts = site.certwiz(ctx).alerts();
            AlertThresholds now = alerts.thresholds();
            ctx.json(alerts.configure(new AlertThresholds(
                            body.warning() == null
                                    ? now.warningShare()
                                    : AlertThresholds.parseShare(body.warning(), "warning"),
                            body.critical() == null
                                    ? now.criticalShare()
                                    : AlertThresholds.parseShare(body.critical(), "critical"),
                            body.criticalDays() == null ? now.criticalDays() : body.criticalDays(),
                            body.repeat() == null
                                    ? now.repeat()
                                    : AlertThresholds.parseDuration(body.repeat(), "repeat")))
                    .view());
        });
    }

    private static Severity severity(String text) {
        return text == null ? null : Severity.parse(text);
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw io.certwiz.CertwizException.badUsage("give " + field);
        }
        return value;
    }
}
