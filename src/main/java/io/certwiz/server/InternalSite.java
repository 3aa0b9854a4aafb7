package io.certwiz.server;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.renewal.RenewalService;
import io.certwiz.renewal.ServedCheck;
import io.certwiz.server.api.ApiRoutes;
import io.certwiz.server.api.ApiSite;
import io.certwiz.server.api.Problems;
import io.certwiz.server.tls.ListenerStatus;
import io.certwiz.server.tls.TlsListeners;
import io.certwiz.server.wizard.WizardRoutes;
import io.certwiz.server.wizard.WizardSite;
import io.certwiz.usage.Usage;
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
final class InternalSite implements ApiSite, WizardSite {
    private static final Logger LOG = LoggerFactory.getLogger(InternalSite.class);
    private static final String CERTWIZ = "certwiz";
    private static final String SESSION = "session";
    private static final Set<HandlerType> CHANGES =
            Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE);

    private final Certwiz certwiz;
    private final TlsListeners listeners;
    private final ServedCheck served;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Certwiz web;
    private final Certwiz api;

    private final Runnable refresh;

    private InternalSite(Certwiz certwiz, TlsListeners listeners, ServedCheck served, Runnable refresh) {
        this.refresh = refresh;
        this.certwiz = certwiz;
        this.listeners = listeners;
        this.served = served;
        this.sessions = new Sessions(certwiz.clock());
        this.throttle = new LoginThrottle(certwiz.clock());
        this.web = certwiz.as("web:admin");
        this.api = certwiz.as("api:admin");
    }

    static void install(
            JavalinConfig config, Certwiz certwiz, TlsListeners listeners, ServedCheck served, Runnable refresh) {
        new InternalSite(certwiz, listeners, served, refresh).install(config);
    }

    /** What every response of this site carries unless a page sets its own (a wizard page's script nonce). */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private void install(JavalinConfig config) {
        config.routes.before(InternalSite::securityHeaders);
        // Refusals Jetty makes before routing (header too large, a NUL in the path) as problem+json too.
        config.jetty.modifyServer(server -> server.setErrorHandler(new io.certwiz.server.api.ProblemErrorHandler()));
        config.jetty.modifyServletContextHandler(
                handler -> handler.setErrorHandler(new io.certwiz.server.api.ProblemErrorHandler()));
        config.routes.before(this::authenticate);
        config.routes.before(InternalSite::limitBody);
        config.routes.exception(CertwizException.class, (e, ctx) -> {
            if (isApi(ctx)) {
                Problems.send(ctx, e);
            } else {
                ctx.status(Problems.status(e.failure()))
                        .html(WizardRoutes.errorPage(this, ctx, e.getMessage(), e.problems()));
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
        config.routes.get("/login", ctx -> ctx.html(WizardRoutes.loginPage(null)));
        config.routes.post("/login", this::login);
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
                        .result(Metrics.render(certwiz, listeners)));
        ApiRoutes.install(config, this);
        WizardRoutes.install(config, this, certwiz.clock());
    }

    @Override
    public Certwiz certwiz(Context ctx) {
        return ctx.attribute(CERTWIZ);
    }

    @Override
    public String csrfToken(Context ctx) {
        Sessions.Session session = ctx.attribute(SESSION);
        return session == null ? "" : session.csrfToken;
    }

    @Override
    public String sessionId(Context ctx) {
        Sessions.Session session = ctx.attribute(SESSION);
        return session == null ? null : session.id;
    }

    @Override
    public void refresh() {
        refresh.run();
    }

    @Override
    public RenewalService renewals(Context ctx) {
        return certwiz(ctx).renewals().verifiedBy(served);
    }

    @Override
    public ListenerStatus listener(Usage usage) {
        return listeners.status(usage);
    }

    @Override
    public io.certwiz.server.tls.StapleStatus stapling(Usage usage) {
        return listeners.stapling(usage);
    }

    @Override
    public int port(Usage usage) {
        return listeners.port(usage);
    }

    /**
     * Set first on every response, whatever answers it (a page, the login, the API's JSON, an error, a
     * refusal): never framed, sniffed, sent as a referrer or cached — every answer here is the
     * administrator's or carries a token (the session cookie, a new admin token).
     */
    private static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cache-Control", "no-store");
    }

    /** API clients get problem+json, never a page or a redirect to the login. */
    private static boolean isApi(Context ctx) {
        return ApiRoutes.handles(ctx) || ctx.path().equals("/metrics");
    }

    private void authenticate(Context ctx) {
        String path = ctx.path();
        if (path.equals("/login") || isPublicDocument(ctx)) {
            return;
        }
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            String address = ctx.ip();
            String token = authorization.regionMatches(true, 0, "Bearer ", 0, 7) ? authorization.substring(7) : null;
            if (token == null || !certwiz.admin().verify(token)) {
                // The right token always gets in (LoginThrottle): only wrong ones are turned away.
                long wait = throttle.retryAfterSeconds(address);
                if (wait > 0) {
                    tooMany(ctx, wait);
                    return;
                }
                failedLogin(ctx, "bearer token");
                unauthorized(ctx);
                return;
            }
            throttle.succeeded(address);
            ctx.attribute(CERTWIZ, api);
            return;
        }
        Sessions.Session session =
                sessions.find(ctx.cookie(Sessions.COOKIE), () -> certwiz.admin().generation());
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

    /** The OpenAPI document: it describes the API and carries no secret, so it is read without credentials. */
    private static boolean isPublicDocument(Context ctx) {
        return ctx.path().equals(ApiRoutes.OPENAPI_PATH)
                && (ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD);
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

    private void failedLogin(Context ctx, String what) {
        throttle.failed(ctx.ip());
        certwiz.audit().record("anonymous@" + ctx.ip(), "login.failed", List.of(), what + " " + ctx.path());
    }

    private void login(Context ctx) {
        String token = ctx.formParam("token");
        java.util.Optional<String> generation = certwiz.admin().login(token);
        if (generation.isEmpty()) {
            long wait = throttle.retryAfterSeconds(ctx.ip());
            if (wait > 0) {
                ctx.header("Retry-After", Long.toString(wait));
                ctx.status(429)
                        .html(WizardRoutes.loginPage("Too many failed logins; try again in " + wait + " seconds."));
                return;
            }
            failedLogin(ctx, "login form");
            ctx.status(401).html(WizardRoutes.loginPage("That token is not valid."));
            return;
        }
        throttle.succeeded(ctx.ip());
        Sessions.Session session = sessions.create(generation.get());
        ctx.header(
                "Set-Cookie",
                Sessions.COOKIE + "=" + session.id + "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age="
                        + Sessions.ABSOLUTE.toSeconds());
        ctx.redirect("/");
    }
}
