package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.token.IssuedToken;
import io.certwiz.token.TokenService;
import io.certwiz.token.TokenVerdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "token",
        description = "Server-to-server tokens signed by the OAuthTokenIssuer certificate (JWT).",
        subcommands = {TokenCommand.Issue.class, TokenCommand.Verify.class, TokenCommand.Jwks.class})
final class TokenCommand extends GroupCommand {
    @Command(
            name = "issue",
            description = "Sign a token for an audience with the current OAuthTokenIssuer key; prints the token.")
    static final class Issue extends Sub {
        @Option(names = "--audience", required = true, paramLabel = "A", description = "Who the token is for (aud).")
        String audience;

        @Option(
                names = "--lifetime",
                paramLabel = "D",
                description = "How long it is valid: 90s, 30m, 8h, PT1H (default 1h, at most 24h).")
        String lifetime;

        @Override
        int run(Certwiz certwiz) {
            IssuedToken token =
                    certwiz.tokens().issue(audience, lifetime == null ? null : TokenService.parseLifetime(lifetime));
            print(token, () -> out().println(token.token()));
            return 0;
        }
    }

    @Command(
            name = "verify",
            description = "Check a token against the published keys: signature, issuer, expiry, audience;"
                    + " exit 0 valid, 3 not.")
    static final class Verify extends Sub {
        @Parameters(paramLabel = "TOKEN|-", description = "The token, or - to read it from standard input.")
        String token;

        @Option(names = "--audience", paramLabel = "A", description = "The audience the token must be for.")
        String audience;

        @Override
        int run(Certwiz certwiz) {
            String text =
                    token.equals("-") ? new String(read(Path.of("-"), "token"), StandardCharsets.US_ASCII) : token;
            TokenVerdict verdict = certwiz.tokens().verify(text, audience);
            print(verdict, () -> {
                out().println(verdict.valid() ? "The token is valid." : "The token is NOT valid.");
                Text.field(
                        out(),
                        "Key (kid)",
                        verdict.kid() == null ? "" : verdict.kid() + " (" + verdict.keyRole() + ")");
                Text.field(out(), "Issuer", verdict.issuer());
                Text.field(out(), "Subject", verdict.subject());
                Text.field(out(), "Audience", verdict.audience() == null ? "" : String.join(", ", verdict.audience()));
                Text.field(out(), "Expires", verdict.expiresAt());
                Text.problems(out(), verdict.problems());
            });
            return verdict.valid() ? 0 : io.certwiz.Failure.REFUSED.exitCode();
        }
    }

    @Command(name = "jwks", description = "The published keys (JWKS), as the public listener serves them.")
    static final class Jwks extends Sub {
        @Override
        int run(Certwiz certwiz) {
            String jwks = certwiz.tokens().jwks();
            out().println(jwks);
            out().flush();
            return 0;
        }
    }
}
