package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.renewal.RenewalService;
import io.certwiz.usage.Usage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "usage",
        description = "Settings of one usage.",
        subcommands = {UsageCommand.Set.class})
final class UsageCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "set", description = "Set how long before expiry the usage's certificate renews.")
    static final class Set extends BaseCommand {
        @ParentCommand
        UsageCommand parent;

        @Parameters(paramLabel = "USAGE")
        String usage;

        @Option(
                names = "--renew-before",
                required = true,
                paramLabel = "DURATION|PERCENT",
                description =
                        "A time before expiry (1m to 366d: 30d, 12h, 90m) or the share of the lifetime left"
                                + " (5% to 95%: 33%); 'default' for two thirds of the lifetime passed (or the CA's ARI window).")
        String renewBefore;

        @Override
        public Integer call() {
            if (common.data == null) {
                common.data = parent.common.data;
            }
            common.json |= parent.common.json;
            return super.call();
        }

        @Override
        int run(Certwiz certwiz) {
            RenewalService.RenewBeforeView set = certwiz.renewals().setRenewBefore(Usage.parse(usage), renewBefore);
            print(set, () -> {
                out().println(set.usage() + " renews "
                        + (set.renewBefore() == null
                                ? "when two thirds of the lifetime passed (or in the CA's ARI window)"
                                : set.renewBefore() + " before expiry"));
                if (set.thumbprint() != null) {
                    Text.field(out(), "Certificate", set.thumbprint());
                    Text.field(out(), "Due", set.dueAt());
                }
            });
            return 0;
        }
    }
}
