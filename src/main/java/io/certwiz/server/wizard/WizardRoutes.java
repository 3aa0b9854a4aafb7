package io.certwiz.server.wizard;

import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.certwiz.server.api.ApiRoutes;
import io.certwiz.server.api.Problems;
import io.certwiz.usage.Usage;
import io.javalin.config.JavalinConfig;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The web certificate wizard (server-rendered HTML, no JavaScript needed), on the WebServicesInternal
 * listener behind the session login. Every page calls the same services as the CLI and the API; every
 * form that changes something is a POST carrying the session's CSRF token.
 */
public final class WizardRoutes {
    /** Largest certificate file the import page accepts. */
    static final long MAX_UPLOAD_BYTES = 256 * 1024;

    private WizardRoutes() {}

    /** Installs the wizard's pages; its background requests run on {@code clock}. */
    public static void install(JavalinConfig config, WizardSite site, Clock clock) {
        config.jetty.multipartConfig.maxFileSize(MAX_UPLOAD_BYTES, SizeUnit.BYTES);
        // An upload over the limit fails while the form is read (before routing, for the CSRF check).
        config.routes.exception(jakarta.servlet.ServletException.class, (e, ctx) -> uploadRefused(site, e, ctx));
        WizardHomePage.install(config, site);
        WizardRequestJobs jobs = new WizardRequestJobs(clock);
        config.events.serverStopped(jobs::close);
        WizardRequestPages.install(config, site, jobs);
        WizardProgressPage.install(config, site, jobs);
        WizardStatusPage.install(config, site);
        WizardPendingPages.install(config, site);
        WizardImportPages.install(config, site);
        WizardAssignPages.install(config, site);
        WizardCertificatePages.install(config, site);
        WizardAuditPage.install(config, site);
        WizardAlertsPage.install(config, site);
        WizardClientRootsPage.install(config, site);
    }

    /** The login page, with {@code error} (or none) above the form. */
    public static String loginPage(String error) {
        String body = (error == null ? "" : "<p class=\"error\" role=\"alert\">" + Html.esc(error) + "</p>")
                + "<form method=\"post\" action=\"/login\">"
                + "<label for=\"token\">Admin token</label>"
                + "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required size=\"50\">"
                + "<p>The token was printed by <code>certwiz init</code>; <code>certwiz admin reset-token</code> makes a new one.</p>"
                + "<button type=\"submit\">Log in</button></form>";
        return Html.page("Log in", body, false, null);
    }

    /** The page for a failure outside the wizard's own forms: its message and each failed check with its fix. */
    public static String errorPage(WizardSite site, Context ctx, String message, List<Problem> problems) {
        return Html.page(
                "Error",
                "<p class=\"error\">" + Html.esc(message) + "</p>" + WizardProblems.html(problems),
                true,
                site.csrfToken(ctx));
    }

    private static void uploadRefused(WizardSite site, Exception e, Context ctx) {
        boolean tooLarge = false;
        boolean multipart = false;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage()).toLowerCase(java.util.Locale.ROOT);
            // Jetty: "max file size exceeded: N", "max request size exceeded", "...too large".
            tooLarge |= message.contains("size exceeded") || message.contains("too large");
            multipart |= message.contains("multipart");
        }
        if (!tooLarge && !multipart) {
            Problems.send(ctx, 500, "ERROR", "internal error: " + e.getClass().getSimpleName(), 1, List.of());
            return;
        }
        int status = tooLarge ? 413 : 400;
        String message = tooLarge
                ? "the upload is too large: certificate files up to " + MAX_UPLOAD_BYTES / 1024 + " KB are accepted"
                : "the upload could not be read (files up to " + MAX_UPLOAD_BYTES / 1024 + " KB are accepted)";
        if (ApiRoutes.handles(ctx) || site.sessionId(ctx) == null) {
            Problems.send(ctx, status, tooLarge ? "TOO_LARGE" : "BAD_UPLOAD", message, 2, List.of());
            return;
        }
        render(
                site,
                ctx,
                status,
                "Upload refused",
                "<p class=\"error\" role=\"alert\">" + Html.esc(message) + "</p><p>"
                        + Html.link("/import", "Back to Import") + "</p>");
    }

    /** Sends a wizard page with headers that keep it from being framed, cached or scripted. */
    static void render(WizardSite site, Context ctx, int status, String title, String body) {
        render(site, ctx, status, title, "", body, null);
    }

    /**
     * Sends a wizard page with {@code head} added to its head; when {@code scriptNonce} is given, the
     * page's scripts carrying that nonce may run and fetch from this site, and no other script may.
     */
    static void render(
            WizardSite site, Context ctx, int status, String title, String head, String body, String scriptNonce) {
        ctx.header(
                "Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                        + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
                        + (scriptNonce == null ? "" : "; script-src 'nonce-" + scriptNonce + "'; connect-src 'self'"));
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).html(Html.page(title, head, body, true, site.csrfToken(ctx)));
    }

    static void render(WizardSite site, Context ctx, String title, String body) {
        render(site, ctx, 200, title, body);
    }

    /**
     * Sends a form page; when {@code error} refused what the form sent, the page shows it on top, with
     * each failed check and its fix, at the error's status.
     */
    static void renderForm(WizardSite site, Context ctx, CertwizException error, String title, String body) {
        if (error == null) {
            render(site, ctx, 200, title, body);
        } else {
            render(site, ctx, status(error), title, error(error) + body);
        }
    }

    /** Sends {@code content} as a file to save, never cached and never sniffed as something else. */
    static void download(Context ctx, String fileName, String contentType, String content) {
        ctx.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(contentType).result(content);
    }

    /** A check box for each usage, named "usage" as {@link #usages} reads them back. */
    static String usageChoices(Predicate<Usage> checked) {
        StringBuilder out = new StringBuilder();
        for (Usage usage : Usage.values()) {
            out.append(Html.check(
                    "checkbox",
                    "usage-" + usage.name(),
                    "usage",
                    usage.name(),
                    checked.test(usage),
                    Html.esc(usage.label()) + " <span class=\"hint\">(" + Html.esc(usage.name()) + ")</span>"));
        }
        return out.toString();
    }

    /** Post/redirect/get: the browser fetches the result page with GET. */
    static void seeOther(Context ctx, String location) {
        ctx.redirect(location, HttpStatus.SEE_OTHER);
    }

    /** The HTTP status for a failure shown on a wizard page. */
    static int status(CertwizException e) {
        return Problems.status(e.failure());
    }

    /** An error and each failed check with its fix, at the top of a page. */
    static String error(CertwizException e) {
        return "<div role=\"alert\"><p class=\"error\"><strong>" + Html.esc(e.getMessage()) + "</strong></p>"
                + WizardProblems.html(e.problems()) + "</div>";
    }

    /** Usages from repeated form or query fields ("usage"), each possibly a comma-separated list. */
    static List<Usage> usages(List<String> values) {
        List<String> parts = new ArrayList<>();
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                parts.add(value);
            }
        }
        if (parts.isEmpty()) {
            return List.of();
        }
        return Usage.parseList(parts);
    }

    static String labels(List<Usage> usages) {
        return String.join(", ", usages.stream().map(Usage::label).toList());
    }

    static String names(List<Usage> usages) {
        return String.join(",", usages.stream().map(Usage::name).toList());
    }
}
