package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.usage.AssignmentView;
import io.certwiz.usage.Usage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "rollback",
        description = "Return a usage to its previous certificate, when that one still passes the checks of assign.")
final class RollbackCommand extends BaseCommand {
    @Option(names = "--usage", required = true, paramLabel = "USAGE")
    String usage;

    @Override
    int run(Certwiz certwiz) {
        AssignmentView back = certwiz.renewals().rollback(Usage.parse(usage));
        print(
                back,
                () -> out().println("Rolled back " + back.usage() + " to " + back.thumbprint() + " (from "
                        + back.previousThumbprint() + ")"));
        return 0;
    }
}
