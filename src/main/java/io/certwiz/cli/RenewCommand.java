package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.renewal.RenewalOutcome;
import io.certwiz.renewal.RenewalService;
import io.certwiz.usage.Usage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "renew",
        description = {
            "Renew certificates that are due, from the CA each came from; the new one takes over every usage.",
            "For hosts that renew from cron or a systemd timer (certwiz serve renews on its own).",
            "Exit 1 when a renewal failed or was reverted, 3 when a certificate from an outside CA needs an"
                    + " offline request taken to its CA, else 0."
        })
final class RenewCommand extends BaseCommand {
    @Parameters(paramLabel = "THUMBPRINT", arity = "0..1", description = "The certificate to renew.")
    String thumbprint;

    @Option(names = "--usage", paramLabel = "USAGE", description = "The certificate assigned to this usage.")
    String usage;

    @Option(names = "--all", description = "Every tracked certificate (each assigned one, and any renewed by name).")
    boolean all;

    @Option(
            names = "--dry-run",
            description = "Say what would be renewed, for which names, from which CA; change nothing.")
    boolean dryRun;

    @Option(names = "--force", description = "Renew even when not due yet.")
    boolean force;

    @Override
    int run(Certwiz certwiz) {
        int chosen = (thumbprint == null ? 0 : 1) + (usage == null ? 0 : 1) + (all ? 1 : 0);
        if (chosen != 1) {
            throw CertwizException.badUsage("name what to renew: a THUMBPRINT, --usage USAGE or --all");
        }
        RenewalService renewals = certwiz.renewals();
        RenewalService.Options options = new RenewalService.Options(force, dryRun);
        List<RenewalOutcome> outcomes = all
                ? renewals.renewAll(options)
                : List.of(
                        usage != null
                                ? renewals.renew(Usage.parse(usage), options)
                                : renewals.renew(thumbprint, options));
        print(outcomes, () -> RenewalText.outcomes(out(), outcomes));
        for (RenewalOutcome outcome : outcomes) {
            if (outcome.result() == RenewalOutcome.Result.OFFLINE_REQUEST) {
                // Loud even with --json or a quiet cron job: a person must take the request to the CA.
                err().println("certwiz: ATTENTION: " + outcome.message());
            }
        }
        err().flush();
        return exitCode(outcomes);
    }

    static int exitCode(List<RenewalOutcome> outcomes) {
        if (outcomes.stream()
                .anyMatch(o ->
                        o.result() == RenewalOutcome.Result.FAILED || o.result() == RenewalOutcome.Result.REVERTED)) {
            return Failure.ERROR.exitCode();
        }
        if (outcomes.stream().anyMatch(o -> o.result() == RenewalOutcome.Result.OFFLINE_REQUEST)) {
            return Failure.REFUSED.exitCode();
        }
        return 0;
    }
}
