package io.certwiz.server;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The WebServicesInternal site: the web wizard and the REST API, both behind authentication, which is
 * checked before routing. Browsers log in with the admin token to a session cookie (HttpOnly, Secure,
 * SameSite=Strict) and send a CSRF token with every change; API clients send the token as
 * {@code Authorization: Bearer}.
 */
final class InternalSite {
    private static final Logger LOG = LoggerFactory.getLogger(InternalSite.class);
    static final String CERTWIZ = "certwiz";
    static final String SESSION = "session";
    private static final Set<HandlerType> CHANGES =
            Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private InternalSite() {}

    static void install(JavalinConfig config, ServerContext server) {
        Sessions sessions = new Sessions();
        LoginThrottle throttle = new LoginThrottle();
        Certwiz web = server.certwiz().as("web:admin");
        Certwiz api = server.certwiz().as("api:admin");
        config.routes.before(ctx -> authenticate(ctx, server, sessions, throttle, web, api));
        config.routes.before(InternalSite::limitBody);
        config.routes.exception(CertwizException.class, (e, ctx) -> {
            if (isApi(ctx)) {
                Problems.send(ctx, e);
            } else {
                ctx.status(Problems.status(e.failure()))
                        .html(Html.page(
                                "Error",
                                "<p class=\"error\">" + Html.esc(e.getMessage()) + "</p>" + problemsHtml(e.problems()),
                                true,
                                csrf(ctx)));
            }
        });
        // Javalin's own refusals (such as a body over the limit sent without a length) as problem+json too.
        config.routes.exception(
                HttpResponseException.class,
                (e, ctx) -> Problems.send(
                        ctx,
                        e.getStatus(),
                        HttpStatus.forStatus(e.getStatus()).name(),
                        e.getMessage(),
                        null,
                        List.of()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            LOG.warn("{} {} failed: {}", ctx.method(), ctx.path(), e.toString());
            Problems.send(ctx, 500, "ERROR", "internal error: " + e.getClass().getSimpleName(), 1, List.of());
        });
        config.routes.get("/login", ctx -> ctx.html(loginPage(null)));
        config.routes.post("/login", ctx -> login(ctx, server, sessions, throttle));
        config.routes.post("/logout", ctx -> {
            Sessions.Session session = ctx.attribute(SESSION);
            if (session != null) {
                sessions.end(session.id);
            }
            ctx.header("Set-Cookie", Sessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
            ctx.redirect("/login");
        });
        config.routes.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(Metrics.render(server)));
        ApiRoutes.install(config, server);
        WizardRoutes.install(config, server);
    }

    static boolean isApi(Context ctx) {
        return ctx.path().startsWith("/api/")
                || ctx.path().equals("/api")
                || ctx.path().equals("/metrics");
    }

    /** The services for this request, recording its actor in the audit log. */
    static Certwiz certwiz(Context ctx) {
        return ctx.attribute(CERTWIZ);
    }

    static String csrf(Context ctx) {
        Sessions.Session session = ctx.attribute(SESSION);
        return session == null ? "" : session.csrfToken;
    }

    private static void authenticate(
            Context ctx, ServerContext server, Sessions sessions, LoginThrottle throttle, Certwiz web, Certwiz api) {
        String path = ctx.path();
        if (path.equals("/login")) {
            return;
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            String address = ctx.ip();
            long wait = throttle.retryAfterSeconds(address);
            if (wait > 0) {
                tooMany(ctx, wait);
                return;
            }
            String token = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7) : null;
            if (token == null || !server.certwiz().admin().verify(token)) {
                failedLogin(ctx, server, throttle, "bearer token");
                unauthorized(ctx);
                return;
            }
            throttle.succeeded(address);
            ctx.attribute(CERTWIZ, api);
            return;
        }
        Sessions.Session session = sessions.find(ctx.cookie(Sessions.COOKIE));
        if (session == null) {
            if (isApi(ctx) || !acceptsHtml(ctx)) {
                unauthorized(ctx);
            } else {
                ctx.redirect("/login");
                ctx.skipRemainingHandlers();
            }
            return;
        }
        if (CHANGES.contains(ctx.method())) {
            String sent = ctx.header("X-CSRF-Token");
            if (sent == null) {
                String contentType = ctx.contentType() == null ? "" : ctx.contentType();
                if (contentType.startsWith("application/x-www-form-urlencoded")
                        || contentType.startsWith("multipart/form-data")) {
                    sent = ctx.formParam("_csrf");
                }
            }
            if (sent == null || !java.security.MessageDigest.isEqual(sent.getBytes(), session.csrfToken.getBytes())) {
                Problems.send(
                        ctx, 403, "CSRF", "missing or wrong CSRF token; reload the page and try again", 3, List.of());
                ctx.skipRemainingHandlers();
                return;
            }
        }
        ctx.attribute(SESSION, session);
        ctx.attribute(CERTWIZ, web);
    }

    /** Refuses a body longer than the limit before anything reads it (a body sent without a length is capped as read). */
    private static void limitBody(Context ctx) {
        if (ctx.req().getContentLengthLong() > CertwizServer.MAX_REQUEST_BYTES) {
            Problems.send(
                    ctx,
                    413,
                    "CONTENT_TOO_LARGE",
                    "the request body is larger than the limit of " + CertwizServer.MAX_REQUEST_BYTES + " bytes",
                    null,
                    List.of());
            ctx.skipRemainingHandlers();
        }
    }

    private static boolean acceptsHtml(Context ctx) {
        String accept = ctx.header("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static void unauthorized(Context ctx) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"certwiz\"");
        Problems.send(
                ctx,
                401,
                "UNAUTHORIZED",
                "authentication required: log in, or send Authorization: Bearer TOKEN",
                null,
                List.of());
        ctx.skipRemainingHandlers();
    }

    private static void tooMany(Context ctx, long seconds) {
        ctx.header("Retry-After", Long.toString(seconds));
        Problems.send(
                ctx,
                429,
                "TOO_MANY_FAILED_LOGINS",
                "too many failed logins; try again in " + seconds + " s",
                null,
                List.of());
        ctx.skipRemainingHandlers();
    }

    private static void failedLogin(Context ctx, ServerContext server, LoginThrottle throttle, String what) {
        throttle.failed(ctx.ip());
        server.certwiz().audit().record("anonymous@" + ctx.ip(), "login.failed", List.of(), what + " " + ctx.path());
    }

    private static void login(Context ctx, ServerContext server, Sessions sessions, LoginThrottle throttle) {
        long wait = throttle.retryAfterSeconds(ctx.ip());
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            ctx.status(429).html(loginPage("Too many failed logins; try again in " + wait + " seconds."));
            return;
        }
        String token = ctx.formParam("token");
        if (!server.certwiz().admin().verify(token)) {
            failedLogin(ctx, server, throttle, "login form");
            ctx.status(401).html(loginPage("That token is not valid."));
            return;
        }
        throttle.succeeded(ctx.ip());
        Sessions.Session session = sessions.create();
        ctx.header(
                "Set-Cookie",
                Sessions.COOKIE + "=" + session.id + "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age="
                        + Sessions.ABSOLUTE.toSeconds());
        ctx.redirect("/");
    }

    private static String loginPage(String error) {
        String body = (error == null ? "" : "<p class=\"error\" role=\"alert\">" + Html.esc(error) + "</p>")
                + "<form method=\"post\" action=\"/login\">"
                + "<label for=\"token\">Admin token</label>"
                + "<input id=\"token\" name=\"token\" type=\"password\" autocomplete=\"current-password\" required size=\"50\">"
                + "<p>The token was printed by <code>certwiz init</code>; <code>certwiz admin reset-token</code> makes a new one.</p>"
                + "<button type=\"submit\">Log in</button></form>";
        return Html.page("Log in", body, false, null);
    }

    static String problemsHtml(List<Problem> problems) {
        StringBuilder out = new StringBuilder();
        for (Problem problem : problems) {
            out.append("<div class=\"problem\"><strong>")
                    .append(Html.esc(problem.message()))
                    .append("</strong>");
            if (problem.fix() != null) {
                out.append("<br>Fix: ").append(Html.esc(problem.fix()));
            }
            out.append("</div>");
        }
        return out.toString();
    }
}
