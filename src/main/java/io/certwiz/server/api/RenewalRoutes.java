package io.certwiz.server.api;

import io.certwiz.CertwizException;
import io.certwiz.renewal.RenewalOutcome;
import io.certwiz.renewal.RenewalService;
import io.certwiz.usage.Usage;
import io.javalin.config.JavalinConfig;
import java.util.List;

/**
 * The REST API of renewal, over the same service as {@code certwiz renew}, {@code usage set} and
 * {@code rollback}; renewals made here are verified on the running listeners like the scheduler's.
 */
final class RenewalRoutes {
    private RenewalRoutes() {}

    /** POST /api/v1/renewals: what to renew, as {@code certwiz renew} takes it. */
    record RenewBody(String thumbprint, String usage, Boolean all, Boolean dryRun, Boolean force) {}

    /** PUT /api/v1/usages/{usage}/renew-before */
    record RenewBeforeBody(String renewBefore) {}

    static void install(JavalinConfig config, ApiSite site) {
        var routes = config.routes;
        routes.post(ApiRoutes.PREFIX + "/renewals", ctx -> {
            RenewBody body = ApiRoutes.body(ctx, RenewBody.class);
            boolean all = Boolean.TRUE.equals(body.all());
            int chosen = (body.thumbprint() == null ? 0 : 1) + (body.usage() == null ? 0 : 1) + (all ? 1 : 0);
            if (chosen != 1) {
                throw CertwizException.badUsage("name what to renew: a thumbprint, a usage or all");
            }
            RenewalService renewals = site.renewals(ctx);
            RenewalService.Options options =
                    new RenewalService.Options(Boolean.TRUE.equals(body.force()), Boolean.TRUE.equals(body.dryRun()));
            List<RenewalOutcome> outcomes = all
                    ? renewals.renewAll(options)
                    : List.of(
                            body.usage() != null
                                    ? renewals.renew(Usage.parse(body.usage()), options)
                                    : renewals.renew(body.thumbprint(), options));
            site.refresh();
            ctx.json(outcomes);
        });
        routes.get(ApiRoutes.PREFIX + "/renewals/failing", ctx -> {
            ctx.json(site.renewals(ctx).failingViews());
        });
        routes.post(ApiRoutes.PREFIX + "/assignments/{usage}/rollback", ctx -> {
            ctx.json(site.renewals(ctx).rollback(Usage.parse(ctx.pathParam("usage"))));
            site.refresh();
        });
        routes.put(ApiRoutes.PREFIX + "/usages/{usage}/renew-before", ctx -> {
            RenewBeforeBody body = ApiRoutes.body(ctx, RenewBeforeBody.class);
            if (body.renewBefore() == null) {
                throw CertwizException.badUsage("give renewBefore: a time such as 30d or a share such as 33%");
            }
            ctx.json(site.renewals(ctx).setRenewBefore(Usage.parse(ctx.pathParam("usage")), body.renewBefore()));
        });
    }
}
