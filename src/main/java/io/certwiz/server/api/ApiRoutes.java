package io.certwiz.server.api;

import io.certwiz.CertwizException;
import io.certwiz.acme.client.AcmeOptions;
import io.certwiz.acme.client.ChallengeType;
import io.certwiz.assignment.AssignmentService;
import io.certwiz.assignment.Rollover;
import io.certwiz.audit.AuditEntry;
import io.certwiz.ca.RevocationReason;
import io.certwiz.certificate.ExportService;
import io.certwiz.certificate.VerifyService;
import io.certwiz.inventory.ImportOutcome;
import io.certwiz.inventory.ImportService;
import io.certwiz.request.OfflineRequest;
import io.certwiz.request.PendingRequest;
import io.certwiz.request.PendingRequestView;
import io.certwiz.request.RequestOutcome;
import io.certwiz.request.RequestSpec;
import io.certwiz.revocation.RevocationChecker;
import io.certwiz.revocation.RevocationPolicy;
import io.certwiz.revocation.RevocationSources;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.AssignmentView;
import io.certwiz.usage.Usage;
import io.certwiz.x509.ExtendedKeyUsage;
import io.certwiz.x509.Thumbprint;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The REST API under /api/v1: one route per CLI operation, calling the same services, so the same
 * checks run and the same errors come back (as problem+json). Documented at /api/v1/openapi.json.
 */
public final class ApiRoutes {
    public static final String PREFIX = "/api/v1";

    /** The OpenAPI document, the one API path read without credentials. */
    public static final String OPENAPI_PATH = PREFIX + "/openapi.json";

    private ApiRoutes() {}

    /** True for a request to the API's paths (under /api). */
    public static boolean handles(Context ctx) {
        return ctx.path().startsWith("/api/") || ctx.path().equals("/api");
    }

    /** POST /api/v1/requests */
    record RequestBody(
            List<String> usages,
            String ca,
            String key,
            String keyStore,
            String friendlyName,
            Boolean exportable,
            String subject,
            List<String> sans,
            String organization,
            String orgUnit,
            String city,
            String state,
            String country,
            Boolean assign,
            Boolean offline,
            String challenge,
            Boolean outsidePolicy,
            String validity) {}

    /**
     * POST /api/v1/assignments; {@code roll} with {@code effectiveDate} stages (assign --roll); {@code
     * revocation} is assign's --revocation.
     */
    record AssignBody(String thumbprint, List<String> usages, Boolean roll, String effectiveDate, String revocation) {}

    /** POST /api/v1/certificates/{thumbprint}/export */
    record ExportBody(String format, Boolean chain, Boolean withKey, String password) {}

    /** POST /api/v1/certificates/{thumbprint}/revoke */
    record RevokeBody(String reason) {}

    /** POST /api/v1/verify */
    record VerifyBody(
            String thumbprint,
            String certificate,
            String usage,
            String at,
            String dnsName,
            String ip,
            String eku,
            List<String> trusted,
            List<String> untrusted,
            List<String> crls,
            Boolean ocsp,
            Boolean crlFetch,
            String revocation,
            Boolean fetchAia) {}

    /** The result of an export: the file's bytes, base64. */
    record ExportResult(String thumbprint, String format, int certificates, boolean privateKey, String contentBase64) {}

    /** Times as ISO-8601 text, as the CLI's --json writes them (Jackson has no Instant support built in). */
    static final JavalinJackson JSON = new JavalinJackson()
            .updateMapper(mapper -> mapper.registerModule(new com.fasterxml.jackson.databind.module.SimpleModule()
                    .addSerializer(Instant.class, com.fasterxml.jackson.databind.ser.std.ToStringSerializer.instance)));

    public static void install(JavalinConfig config, ApiSite site) {
        config.jsonMapper(JSON);
        var routes = config.routes;
        routes.get(OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(OpenApi.document()));
        routes.get(
                PREFIX + "/usages",
                ctx -> ctx.json(site.renewals(ctx)
                        .annotateUsages(site.certwiz(ctx).assignments().usages())));
        routes.get(PREFIX + "/certificates", ctx -> {
            String store = ctx.queryParam("store");
            String expiring = ctx.queryParam("expiringWithin");
            ctx.json(site.renewals(ctx)
                    .annotate(site.certwiz(ctx)
                            .certificates()
                            .list(
                                    store == null ? null : TrustStore.parse(store),
                                    expiring == null ? null : integer(expiring))));
        });
        routes.get(
                PREFIX + "/certificates/{ref}",
                ctx -> ctx.json(site.renewals(ctx)
                        .annotate(site.certwiz(ctx)
                                .certificates()
                                .show(ctx.pathParam("ref"), "true".equals(ctx.queryParam("pem"))))));
        routes.delete(
                PREFIX + "/certificates/{ref}",
                ctx -> ctx.json(site.certwiz(ctx).certificates().remove(ctx.pathParam("ref"))));
        routes.post(PREFIX + "/certificates/{thumbprint}/export", ctx -> export(ctx, site));
        routes.post(PREFIX + "/certificates/{thumbprint}/revoke", ctx -> {
            RevokeBody body = ctx.body().isBlank() ? new RevokeBody(null) : body(ctx, RevokeBody.class);
            RevocationReason reason = RevocationReason.parse(body.reason());
            ctx.json(site.certwiz(ctx).revocations().revoke(Thumbprint.parse(ctx.pathParam("thumbprint")), reason));
            site.refresh();
        });
        routes.post(PREFIX + "/requests", ctx -> request(ctx, site));
        routes.get(
                PREFIX + "/requests",
                ctx -> ctx.json(site.certwiz(ctx).requests().pending().stream()
                        .map(PendingRequestView::of)
                        .toList()));
        routes.get(
                PREFIX + "/requests/{id}",
                ctx -> ctx.json(
                        PendingRequestView.of(site.certwiz(ctx).requests().pending(longId(ctx.pathParam("id"))))));
        routes.get(PREFIX + "/requests/{id}/csr", ctx -> {
            PendingRequest request = site.certwiz(ctx).requests().pending(longId(ctx.pathParam("id")));
            ctx.header("Content-Disposition", "attachment; filename=\"request-" + request.id() + ".csr\"");
            ctx.contentType("application/pkcs10").result(request.csrPem());
        });
        routes.delete(
                PREFIX + "/requests/{id}",
                ctx -> ctx.json(
                        PendingRequestView.of(site.certwiz(ctx).requests().clear(longId(ctx.pathParam("id"))))));
        routes.post(PREFIX + "/imports", ctx -> importFile(ctx, site));
        routes.post(PREFIX + "/assignments", ctx -> {
            AssignBody body = body(ctx, AssignBody.class);
            Thumbprint thumbprint = thumbprint(body);
            boolean roll = Boolean.TRUE.equals(body.roll());
            if (roll != (body.effectiveDate() != null)) {
                throw CertwizException.badUsage(
                        roll ? "roll needs effectiveDate" : "effectiveDate goes with roll: true");
            }
            List<Usage> usages = Usage.parseList(body.usages());
            RevocationPolicy policy =
                    RevocationPolicy.parse(body.revocation(), "revocation", AssignmentService.DEFAULT_POLICY);
            List<io.certwiz.usage.AssignmentView> done = roll
                    ? site
                            .certwiz(ctx)
                            .assignments()
                            .stage(thumbprint, usages, Rollover.parseEffectiveDate(body.effectiveDate()))
                            .stream()
                            .map(io.certwiz.usage.AssignmentView::of)
                            .toList()
                    : site.certwiz(ctx)
                            .assignments()
                            .assign(thumbprint, usages, policy)
                            .views();
            site.refresh();
            ctx.status(201).json(done);
        });
        // certwiz unassign --usage A,B [--previous|--next]: one or more usages, comma-separated, each row as
        // the CLI prints it; ?which=previous or ?which=next forgets that certificate instead.
        routes.delete(PREFIX + "/assignments/{usage}", ctx -> {
            List<Usage> usages = Usage.parseList(List.of(ctx.pathParam("usage")));
            String which = ctx.queryParam("which");
            var service = site.certwiz(ctx).assignments();
            List<Assignment> removed = switch (which == null ? "current" : which) {
                case "current" -> service.unassign(usages);
                case "previous" -> service.unassignPrevious(usages);
                case "next" -> service.unassignNext(usages);
                default ->
                    throw CertwizException.badUsage("which takes current, previous or next, not '" + which + "'");
            };
            List<AssignmentView.Removed> rows =
                    removed.stream().map(AssignmentView.Removed::of).toList();
            site.refresh();
            ctx.json(rows);
        });
        routes.post(PREFIX + "/verify", ctx -> verify(ctx, site));
        TokenRoutes.install(config, site);
        AlertRoutes.install(config, site);
        RenewalRoutes.install(config, site);
        UsageRoutes.install(config, site);
        routes.get(PREFIX + "/audit", ctx -> {
            String limit = ctx.queryParam("limit");
            int n = limit == null ? 100 : Math.max(1, integer(limit));
            List<AuditEntry> entries = site.certwiz(ctx).audit().newest(n);
            ctx.json(entries);
        });
        routes.post(
                PREFIX + "/admin/reset-token",
                ctx -> ctx.json(Map.of(
                        "adminToken",
                        site.certwiz(ctx).admin().reset(site.certwiz(ctx).actor()))));
        // Unknown API paths (already authenticated) are a problem+json 404, whatever the method.
        io.javalin.http.Handler unknown = ctx -> {
            throw CertwizException.notFound("no such API route: " + ctx.method() + " " + ctx.path());
        };
        routes.get(PREFIX + "/*", unknown);
        routes.post(PREFIX + "/*", unknown);
        routes.put(PREFIX + "/*", unknown);
        routes.patch(PREFIX + "/*", unknown);
        routes.delete(PREFIX + "/*", unknown);
    }

    static <T> T body(Context ctx, Class<T> type) {
        return body(ctx.body(), type);
    }

    /** A request body read as {@code type}, as Javalin reads it with {@link #JSON}. */
    static <T> T body(String json, Class<T> type) {
        T value;
        try {
            value = JSON.fromJsonString(json, type);
        } catch (CertwizException | io.javalin.http.HttpResponseException e) {
            throw e;
        } catch (Exception e) {
            // Jackson's parse errors are IOExceptions, which Javalin (Kotlin) throws without declaring them.
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException unknown) {
                    throw CertwizException.badUsage("unknown field '" + unknown.getPropertyName()
                            + "' for this operation; its fields: " + fields(type));
                }
            }
            throw CertwizException.badUsage("the request body is not valid JSON for this operation");
        }
        if (value == null) {
            throw CertwizException.badUsage("the request body must be a JSON object");
        }
        noNullsInLists(value);
        return value;
    }

    private static String fields(Class<?> type) {
        return String.join(
                ", ",
                java.util.Arrays.stream(type.getRecordComponents())
                        .map(java.lang.reflect.RecordComponent::getName)
                        .toList());
    }

    /** A JSON array with a null in it ({@code "usages": [null]}) is bad usage, named by its field. */
    private static void noNullsInLists(Object body) {
        if (!body.getClass().isRecord()) {
            return;
        }
        for (java.lang.reflect.RecordComponent component : body.getClass().getRecordComponents()) {
            if (!List.class.isAssignableFrom(component.getType())) {
                continue;
            }
            Object list;
            try {
                list = component.getAccessor().invoke(body);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + component.getName(), e);
            }
            if (list != null && ((List<?>) list).stream().anyMatch(java.util.Objects::isNull)) {
                throw CertwizException.badUsage(
                        "'" + component.getName() + "' holds a null: give its values, or leave the field out");
            }
        }
    }

    private static int integer(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw CertwizException.badUsage("not a number: '" + text + "'");
        }
    }

    private static long longId(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw CertwizException.badUsage("not a request id: '" + text + "'");
        }
    }

    /** The request a POST /api/v1/requests body asks for. */
    static RequestSpec spec(RequestBody body) {
        return RequestSpec.builder(Usage.parseList(body.usages() == null ? List.of() : body.usages()))
                .ca(body.ca())
                .key(body.key())
                .keyStore(body.keyStore())
                .friendlyName(body.friendlyName())
                .exportable(body.exportable())
                .subject(body.subject())
                .sans(body.sans())
                .organization(body.organization())
                .orgUnit(body.orgUnit())
                .city(body.city())
                .state(body.state())
                .country(body.country())
                .assign(body.assign())
                .acme(
                        body.challenge() == null
                                ? null
                                : new AcmeOptions(ChallengeType.parse(body.challenge()), null, null, null, null))
                .outsidePolicy(body.outsidePolicy())
                .validity(body.validity())
                .build();
    }

    /** The certificate a POST /api/v1/assignments body names (its usages must be there too). */
    static Thumbprint thumbprint(AssignBody body) {
        if (body.thumbprint() == null || body.usages() == null) {
            throw CertwizException.badUsage("give thumbprint and usages");
        }
        return Thumbprint.parse(body.thumbprint());
    }

    private static void request(Context ctx, ApiSite site) {
        RequestBody body = body(ctx, RequestBody.class);
        RequestSpec spec = spec(body);
        if (Boolean.TRUE.equals(body.offline())) {
            OfflineRequest prepared = site.certwiz(ctx).requests().offline(spec);
            ctx.status(201).json(prepared);
            return;
        }
        RequestOutcome outcome = site.certwiz(ctx).requests().online(spec);
        site.refresh();
        // The certificate was issued and stored either way; a refused assignment is reported in the body.
        ctx.status(201).json(outcome);
    }

    private static void importFile(Context ctx, ApiSite site) throws IOException {
        byte[] data;
        String name;
        String password;
        String store;
        boolean exportable;
        boolean assign;
        boolean move;
        String friendlyName;
        String contentType = ctx.contentType() == null ? "" : ctx.contentType();
        if (contentType.startsWith("multipart/form-data")) {
            UploadedFile file = ctx.uploadedFile("file");
            if (file == null) {
                throw CertwizException.badUsage("send the certificate file in the form field 'file'");
            }
            try (InputStream in = file.content()) {
                data = in.readAllBytes();
            }
            name = file.filename();
            password = ctx.formParam("password");
            store = ctx.formParam("store");
            exportable = "true".equals(ctx.formParam("exportable")) || "on".equals(ctx.formParam("exportable"));
            assign = !"false".equals(ctx.formParam("assign"));
            move = "true".equals(ctx.formParam("move"));
            friendlyName = ctx.formParam("friendlyName");
        } else {
            data = ctx.bodyAsBytes();
            name = ctx.queryParam("name") == null ? "upload" : ctx.queryParam("name");
            password = ctx.header("X-Certwiz-Password");
            store = ctx.queryParam("store");
            exportable = "true".equals(ctx.queryParam("exportable"));
            assign = !"false".equals(ctx.queryParam("assign"));
            move = "true".equals(ctx.queryParam("move"));
            friendlyName = ctx.queryParam("friendlyName");
        }
        ImportOutcome outcome = site.certwiz(ctx)
                .imports()
                .importBytes(
                        data,
                        name,
                        new ImportService.Options(
                                store == null || store.isBlank() ? null : TrustStore.parse(store),
                                password == null || password.isEmpty() ? null : password.toCharArray(),
                                exportable,
                                friendlyName == null || friendlyName.isBlank() ? null : friendlyName,
                                assign,
                                move));
        site.refresh();
        ctx.status(201).json(outcome);
    }

    private static void export(Context ctx, ApiSite site) {
        ExportBody body = body(ctx, ExportBody.class);
        ExportService.Exported exported =
                site.certwiz(ctx).exports().export(exportRequest(ctx.pathParam("thumbprint"), body));
        ctx.json(new ExportResult(
                exported.thumbprint(),
                exported.format(),
                exported.certificates(),
                exported.privateKey(),
                Base64.getEncoder().encodeToString(exported.content())));
    }

    static ExportService.Request exportRequest(String thumbprint, ExportBody body) {
        return new ExportService.Request(
                thumbprint,
                ExportService.Format.parse(body.format() == null ? "pem" : body.format()),
                Boolean.TRUE.equals(body.chain()),
                Boolean.TRUE.equals(body.withKey()),
                body.password() == null ? null : body.password().toCharArray());
    }

    /** certwiz verify --crl FILE: here each CRL's PEM text (or DER, base64). */
    private static List<java.security.cert.X509CRL> crls(List<String> texts) {
        List<java.security.cert.X509CRL> out = new ArrayList<>();
        if (texts == null) {
            return out;
        }
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i) == null ? "" : texts.get(i).strip();
            try {
                byte[] bytes = text.startsWith("-----")
                        ? text.getBytes(StandardCharsets.US_ASCII)
                        : Base64.getMimeDecoder().decode(text);
                out.addAll(RevocationSources.parseCrls(bytes));
            } catch (IOException | IllegalArgumentException e) {
                throw CertwizException.badUsage("crls[" + i + "]: not a CRL (PEM, or DER in base64)");
            }
        }
        return out;
    }

    private static void verify(Context ctx, ApiSite site) {
        VerifyBody body = body(ctx, VerifyBody.class);
        VerifyService.Options options = verifyOptions(body);
        VerifyService verifier = site.certwiz(ctx).verifier();
        VerifyService.Verdict verdict;
        if (body.certificate() != null) {
            verdict = verifier.verifyBytes(ascii(body.certificate()), null, options);
        } else if (body.thumbprint() != null) {
            verdict = verifier.verifyStored(body.thumbprint(), options);
        } else {
            throw CertwizException.badUsage("give thumbprint or certificate (PEM)");
        }
        ctx.json(verdict);
    }

    static VerifyService.Options verifyOptions(VerifyBody body) {
        // certwiz verify --trusted FILE --untrusted FILE: here the files' PEM text.
        return new VerifyService.Options(
                body.usage() == null ? null : Usage.parse(body.usage()),
                certificates(body.trusted(), "trusted"),
                certificates(body.untrusted(), "untrusted"),
                body.at() == null ? null : instant(body.at()),
                body.dnsName(),
                body.ip(),
                body.eku() == null ? null : ExtendedKeyUsage.parse(body.eku()),
                List.of(),
                new RevocationChecker.Options(
                        RevocationPolicy.parse(body.revocation(), "revocation", VerifyService.DEFAULT_POLICY),
                        crls(body.crls()),
                        Boolean.TRUE.equals(body.ocsp()),
                        !Boolean.FALSE.equals(body.crlFetch())),
                Boolean.TRUE.equals(body.fetchAia()));
    }

    /** The certificates in each PEM text of a list, each named in errors by the field and its index. */
    private static List<X509Certificate> certificates(List<String> pems, String field) {
        List<X509Certificate> out = new ArrayList<>();
        for (int i = 0; pems != null && i < pems.size(); i++) {
            String pem = pems.get(i);
            out.addAll(VerifyService.certificates(ascii(pem == null ? "" : pem), field + "[" + i + "]"));
        }
        return out;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static Instant instant(String text) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            throw CertwizException.badUsage("at takes an ISO time such as 2030-01-01T00:00:00Z, not '" + text + "'");
        }
    }
}
