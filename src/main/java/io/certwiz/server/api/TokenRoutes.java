package io.certwiz.server.api;

import io.certwiz.CertwizException;
import io.certwiz.token.TokenService;
import io.javalin.config.JavalinConfig;

/** The API's OAuthTokenIssuer routes: issue and verify tokens, read the published keys. */
final class TokenRoutes {
    private TokenRoutes() {}

    /** POST /api/v1/tokens: {@code certwiz token issue}. */
    record IssueBody(String audience, String lifetime) {}

    /** POST /api/v1/tokens/verify: {@code certwiz token verify}. */
    record VerifyBody(String token, String audience) {}

    static void install(JavalinConfig config, ApiSite site) {
        config.routes.post(ApiRoutes.PREFIX + "/tokens", ctx -> {
            IssueBody body = ApiRoutes.body(ctx, IssueBody.class);
            ctx.status(201)
                    .json(site.certwiz(ctx)
                            .tokens()
                            .issue(
                                    body.audience(),
                                    body.lifetime() == null ? null : TokenService.parseLifetime(body.lifetime())));
        });
        config.routes.post(ApiRoutes.PREFIX + "/tokens/verify", ctx -> {
            VerifyBody body = ApiRoutes.body(ctx, VerifyBody.class);
            if (body.token() == null) {
                throw CertwizException.badUsage("give the token to verify");
            }
            ctx.json(site.certwiz(ctx).tokens().verify(body.token(), body.audience()));
        });
        config.routes.get(
                ApiRoutes.PREFIX + "/tokens/jwks",
                ctx -> ctx.contentType("application/jwk-set+json")
                        .result(site.certwiz(ctx).tokens().jwks()));
    }
}
