package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.usage.AssignmentView;
import io.certwiz.usage.Usage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "unassign", description = "Remove a usage's assignment (the certificate stays in the store).")
final class UnassignCommand extends BaseCommand {
    @Option(names = "--usage", required = true, split = ",", paramLabel = "USAGE")
    List<String> usages;

    @Override
    int run(Certwiz certwiz) {
        List<AssignmentView.Removed> rows = certwiz.assignments().unassign(Usage.parseList(usages)).stream()
                .map(AssignmentView.Removed::of)
                .toList();
        print(rows, () -> rows.forEach(r -> out().println("Unassigned " + r.thumbprint() + " from " + r.usage())));
        return 0;
    }
}
