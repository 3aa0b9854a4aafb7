package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.assignment.ClientRootsService;
import io.certwiz.renewal.RenewalService;
import io.certwiz.usage.Usage;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(
        name = "usage",
        description = "Settings of one usage.",
        subcommands = {UsageCommand.Set.class, UsageCommand.Show.class})
final class UsageCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A subcommand of {@code usage}: the options given before it ({@code usage --data D --json set ...}) count too. */
    @Command
    abstract static class Sub extends BaseCommand {
        @ParentCommand
        UsageCommand parent;

        @Override
        public Integer call() {
            if (common.data == null) {
                common.data = parent.common.data;
            }
            common.json |= parent.common.json;
            return super.call();
        }
    }

    @Command(
            name = "set",
            description = "Set how long before expiry the usage's certificate renews, or which roots Default"
                    + " trusts for client certificates.")
    static final class Set extends Sub {
        @Parameters(paramLabel = "USAGE")
        String usage;

        @ArgGroup(multiplicity = "1")
        Setting setting;

        /** One setting per call: the output says what that one setting now is. */
        static final class Setting {
            @Option(
                    names = "--renew-before",
                    required = true,
                    paramLabel = "DURATION|PERCENT",
                    description = "A time before expiry (1m to 366d: 30d, 12h, 90m) or the share of the lifetime"
                            + " left (5% to 95%: 33%); 'default' for two thirds of the lifetime passed (or the CA's"
                            + " ARI window).")
            String renewBefore;

            @Option(
                    names = "--client-roots",
                    required = true,
                    paramLabel = "ROOTS",
                    description = "Default only: the roots of the root store a client certificate may chain to."
                            + " 'default' (embedded,assigned), 'all', or a comma-separated list of 'embedded' (the"
                            + " embedded CA's root), 'assigned' (the root of the certificate assigned to Default)"
                            + " and root thumbprints.")
            String clientRoots;
        }

        @Override
        int run(Certwiz certwiz) {
            if (setting.clientRoots != null) {
                ClientRootsService.ClientRootsView set =
                        certwiz.clientRoots().set(Usage.parse(usage), setting.clientRoots);
                print(set, () -> printClientRoots(out(), set));
                return 0;
            }
            RenewalService.RenewBeforeView set =
                    certwiz.renewals().setRenewBefore(Usage.parse(usage), setting.renewBefore);
            print(set, () -> {
                out().println(renews(set.usage(), set.renewBefore()));
                if (set.thumbprint() != null) {
                    Text.field(out(), "Certificate", set.thumbprint());
                    Text.field(out(), "Due", set.dueAt());
                }
            });
            return 0;
        }
    }

    /** {@code usage show U}: the usage's settings; for Default, the client roots too. */
    record UsageSettings(String usage, String renewBefore, ClientRootsService.ClientRootsView clientRoots) {}

    @Command(name = "show", description = "Show the settings of one usage.")
    static final class Show extends Sub {
        @Parameters(paramLabel = "USAGE")
        String usage;

        @Override
        int run(Certwiz certwiz) {
            Usage chosen = Usage.parse(usage);
            String renewBefore = certwiz.renewals().renewBefore(chosen).orElse(null);
            UsageSettings settings = new UsageSettings(
                    chosen.name(),
                    renewBefore,
                    chosen == Usage.Default ? certwiz.clientRoots().view(chosen) : null);
            print(settings, () -> {
                out().println(renews(chosen.name(), renewBefore));
                if (settings.clientRoots() != null) {
                    printClientRoots(out(), settings.clientRoots());
                }
            });
            return 0;
        }
    }

    /** When {@code usage}'s certificate renews, as a line. */
    static String renews(String usage, String renewBefore) {
        return usage + " renews "
                + (renewBefore == null
                        ? "when two thirds of the lifetime passed (or in the CA's ARI window)"
                        : renewBefore + " before expiry");
    }

    static void printClientRoots(java.io.PrintWriter out, ClientRootsService.ClientRootsView view) {
        out.println("Default trusts client certificates that chain to (" + view.clientRoots() + "):");
        if (view.trusted().isEmpty()) {
            out.println("  no root in the root store now: every client certificate is refused");
        }
        for (ClientRootsService.Root root : view.trusted()) {
            out.println(
                    "  " + root.thumbprint() + "  " + root.subject() + "  (" + String.join(", ", root.because()) + ")");
        }
        for (String absent : view.absent()) {
            out.println("  " + absent + "  no longer in the root store: not trusted");
        }
        for (String warning : view.warnings()) {
            out.println("Warning: " + warning);
        }
    }
}
