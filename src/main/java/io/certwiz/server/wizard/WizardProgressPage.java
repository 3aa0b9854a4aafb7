package io.certwiz.server.wizard;

import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.certwiz.server.api.Problems;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The progress page of an online request running in the background: the task, a progress bar (steps
 * done of total) and the status lines so far. A small script polls the page's JSON twin and moves on
 * when the request ends; without scripts the page reloads itself. Once the certificate is issued the
 * page leads to the Online Certificate Request Status page; when the request fails it shows the error
 * as the request form does, with the way back to the form.
 */
final class WizardProgressPage {
    static final String PATH = "/request/progress/";
    private static final int REFRESH_SECONDS = 3;
    private static final SecureRandom RANDOM = new SecureRandom();

    // Follows the JSON twin; the list only grows (lines past the cap are counted, not sent).
    private static final String SCRIPT = """
            (function () {
              var section = document.getElementById('progress');
              var url = section.getAttribute('data-json');
              var task = document.getElementById('progress-task');
              var bar = document.getElementById('progress-bar');
              var count = document.getElementById('progress-count');
              var list = document.getElementById('progress-lines');
              function show(s) {
                task.textContent = s.task || 'Starting the request';
                if (s.total > 0) {
                  bar.max = s.total;
                  bar.value = s.done;
                  bar.textContent = s.done + ' of ' + s.total;
                  count.textContent = s.done + ' of ' + s.total + ' steps done';
                }
                for (var i = list.children.length; i < s.lines.length; i++) {
                  var item = document.createElement('li');
                  item.textContent = s.lines[i];
                  list.appendChild(item);
                }
              }
              function poll() {
                fetch(url, {headers: {'Accept': 'application/json'}, cache: 'no-store', credentials: 'same-origin'})
                  .then(function (r) {
                    if (r.status === 404) {
                      location.reload();
                      return null;
                    }
                    if (!r.ok) {
                      throw new Error('HTTP ' + r.status);
                    }
                    return r.json();
                  })
                  .then(function (s) {
                    if (s === null) {
                      return;
                    }
                    show(s);
                    if (s.state === 'done') {
                      location.replace(s.location);
                    } else if (s.state === 'failed') {
                      location.reload();
                    } else {
                      setTimeout(poll, 1000);
                    }
                  })
                  .catch(function () {
                    setTimeout(poll, 3000);
                  });
              }
              setTimeout(poll, 1000);
            })();
            """;

    private WizardProgressPage() {}

    static void install(JavalinConfig config, WizardSite site, WizardRequestJobs jobs) {
        config.routes.get(PATH + "{id}", ctx -> page(site, ctx, jobs));
        config.routes.get(PATH + "{id}/json", ctx -> json(site, ctx, jobs));
    }

    /** Where the progress page of a job is. */
    static String location(String id) {
        return PATH + Html.url(id);
    }

    /** The job as this session may see it; 404 for an unknown id, another session's job or a forgotten one. */
    private static WizardRequestJobs.Job job(WizardSite site, Context ctx, WizardRequestJobs jobs) {
        WizardRequestJobs.Job job = jobs.find(WizardRequestJobs.owner(site, ctx), ctx.pathParam("id"));
        if (job == null) {
            throw CertwizException.notFound("no such online request in this session (a request is forgotten "
                    + WizardRequestJobs.KEEP.toMinutes() + " minutes after it ends); see the certificates and the "
                    + "audit log for what was issued");
        }
        return job;
    }

    private static void page(WizardSite site, Context ctx, WizardRequestJobs jobs) {
        WizardRequestJobs.Job job = job(site, ctx, jobs);
        WizardRequestJobs.Snapshot s = job.snapshot();
        switch (s.state()) {
            case DONE -> WizardRoutes.seeOther(ctx, s.location());
            case FAILED -> failed(site, ctx, job, s);
            case RUNNING -> running(site, ctx, job, s);
        }
    }

    private static String details(WizardRequestJobs.Job job) {
        return Html.fields(
                "Certification authority",
                job.ca,
                "Usages",
                WizardRoutes.labels(job.form.usageList()),
                "Friendly name",
                job.form.friendlyName().isEmpty() ? "(none)" : job.form.friendlyName());
    }

    private static String lines(WizardRequestJobs.Snapshot s) {
        StringBuilder out = new StringBuilder("<ol id=\"progress-lines\" class=\"mono\" aria-live=\"polite\">");
        for (String line : s.lines()) {
            out.append("<li>").append(Html.esc(line)).append("</li>");
        }
        out.append("</ol>");
        if (s.omittedLines() > 0) {
            out.append("<p class=\"hint\">").append(s.omittedLines()).append(" more status lines are not shown.</p>");
        }
        return out.toString();
    }

    private static void running(WizardSite site, Context ctx, WizardRequestJobs.Job job, WizardRequestJobs.Snapshot s) {
        String self = location(s.id());
        String nonce = nonce();
        StringBuilder body = new StringBuilder();
        body.append("<section id=\"progress\" data-json=\"")
                .append(Html.esc(self + "/json"))
                .append("\" aria-labelledby=\"progress-task\">")
                .append("<p>certwiz is sending the request to the CA <strong>")
                .append(Html.esc(job.ca))
                .append("</strong> and waits for the certificate. This page follows the request and goes on to ")
                .append("the Online Certificate Request Status page when the certificate is issued.</p>")
                .append(details(job))
                .append("<h2 id=\"progress-task\">")
                .append(Html.esc(s.task() == null ? "Starting the request" : s.task()))
                .append("</h2>")
                .append("<p><progress id=\"progress-bar\" aria-labelledby=\"progress-task\"");
        if (s.total() > 0) {
            body.append(" max=\"")
                    .append(s.total())
                    .append("\" value=\"")
                    .append(s.done())
                    .append("\">")
                    .append(s.done())
                    .append(" of ")
                    .append(s.total());
        } else {
            body.append('>');
        }
        body.append("</progress> <span id=\"progress-count\">")
                .append(s.total() > 0 ? s.done() + " of " + s.total() + " steps done" : "starting")
                .append("</span></p>")
                .append(lines(s))
                .append("<p class=\"hint\">You may leave this page: the request goes on, and this page shows it "
                        + "until ")
                .append(WizardRequestJobs.KEEP.toMinutes())
                .append(" minutes after it ends.</p>")
                .append("<noscript><p>This page reloads itself every ")
                .append(REFRESH_SECONDS)
                .append(" seconds; ")
                .append(Html.link(self, "check now"))
                .append(".</p></noscript>")
                .append("</section>")
                .append("<script nonce=\"")
                .append(nonce)
                .append("\">")
                .append(SCRIPT)
                .append("</script>");
        String head = "<noscript><meta http-equiv=\"refresh\" content=\"" + REFRESH_SECONDS + "\"></noscript>"
                + "<style>#progress-bar{width:100%;max-width:30rem;height:1.2rem}"
                + "#progress-lines{padding-left:1.5rem}</style>";
        WizardRoutes.render(site, ctx, 200, "Online Certificate Request in Progress", head, body.toString(), nonce);
    }

    private static void failed(WizardSite site, Context ctx, WizardRequestJobs.Job job, WizardRequestJobs.Snapshot s) {
        StringBuilder body = new StringBuilder(WizardRoutes.error(s.error()));
        body.append(details(job))
                .append("<h2>Status lines</h2>")
                .append(s.lines().isEmpty() ? "<p>(none: the request failed before reaching the CA)</p>" : lines(s))
                .append("<div class=\"actions\"><form method=\"get\" action=\"/request\">")
                .append(job.form.hiddenFields())
                .append("<button type=\"submit\" id=\"back-to-form\">Back to the request form</button></form>")
                .append("</div>");
        WizardRoutes.render(
                site, ctx, WizardRoutes.status(s.error()), "Online Certificate Request Failed", body.toString());
    }

    private static void json(WizardSite site, Context ctx, WizardRequestJobs jobs) {
        WizardRequestJobs.Snapshot s;
        try {
            s = job(site, ctx, jobs).snapshot();
        } catch (CertwizException e) {
            Problems.send(ctx, e);
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", s.id());
        out.put("ca", s.ca());
        out.put("task", s.task());
        out.put("state", s.state().name().toLowerCase(Locale.ROOT));
        out.put("done", s.done());
        out.put("total", s.total());
        out.put("lines", s.lines());
        out.put("omittedLines", s.omittedLines());
        out.put("location", s.location());
        out.put("error", s.error() == null ? null : error(s.error()));
        ctx.header("Cache-Control", "no-store");
        ctx.json(out);
    }

    private static Map<String, Object> error(CertwizException e) {
        List<Map<String, Object>> problems = new ArrayList<>();
        for (Problem problem : e.problems()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("code", problem.code());
            one.put("message", problem.message());
            one.put("fix", problem.fix());
            problems.add(one);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("message", e.getMessage());
        out.put("problems", problems);
        return out;
    }

    private static String nonce() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
