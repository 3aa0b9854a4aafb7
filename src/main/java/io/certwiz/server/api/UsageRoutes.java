package io.certwiz.server.api;

import io.certwiz.CertwizException;
import io.certwiz.usage.Usage;
import io.javalin.config.JavalinConfig;

/** The REST API of a usage's settings: the Default listener's client roots, as {@code usage set/show}. */
final class UsageRoutes {
    private UsageRoutes() {}

    /** PUT /api/v1/usages/Default/client-roots */
    record ClientRootsBody(String clientRoots) {}

    static void install(JavalinConfig config, ApiSite site) {
        var routes = config.routes;
        routes.get(
                ApiRoutes.PREFIX + "/usages/{usage}/client-roots",
                ctx -> ctx.json(site.certwiz(ctx).clientRoots().view(Usage.parse(ctx.pathParam("usage")))));
        routes.put(ApiRoutes.PREFIX + "/usages/{usage}/client-roots", ctx -> {
            ClientRootsBody body = ApiRoutes.body(ctx, ClientRootsBody.class);
            if (body.clientRoots() == null) {
                throw CertwizException.badUsage(
                        "give clientRoots: default, all, or a list of embedded, assigned and root thumbprints");
            }
            ctx.json(site.certwiz(ctx).clientRoots().set(Usage.parse(ctx.pathParam("usage")), body.clientRoots()));
            site.refresh();
        });
    }
}
