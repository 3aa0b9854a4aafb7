package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.AssignmentView;
import io.certwiz.usage.Usage;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "unassign", description = "Remove a usage's assignment (the certificate stays in the store).")
final class UnassignCommand extends BaseCommand {
    @Option(names = "--usage", required = true, split = ",", paramLabel = "USAGE")
    List<String> usages;

    @Override
    int run(Certwiz certwiz) {
        List<AssignmentView.Removed> rows = new ArrayList<>();
        for (Usage usage : Usage.parseList(usages)) {
            Assignment removed = certwiz.assignments().unassign(usage);
            rows.add(AssignmentView.Removed.of(removed));
        }
        print(rows, () -> rows.forEach(r -> out().println("Unassigned " + r.thumbprint() + " from " + r.usage())));
        return 0;
    }
}
