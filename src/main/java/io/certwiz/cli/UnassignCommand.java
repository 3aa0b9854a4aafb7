package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.AssignmentView;
import io.certwiz.usage.Usage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "unassign",
        description = "Remove a usage's assignment (the certificate stays in the store); with --previous, forget the"
                + " previous certificate (its tokens stop verifying); with --next, cancel a staged roll-over.")
final class UnassignCommand extends BaseCommand {
    @Option(names = "--usage", required = true, split = ",", paramLabel = "USAGE")
    List<String> usages;

    @Option(names = "--previous", description = "Forget the previous certificate instead of the current one.")
    boolean previous;

    @Option(names = "--next", description = "Cancel the staged next certificate instead.")
    boolean next;

    @Override
    int run(Certwiz certwiz) {
        if (previous && next) {
            throw CertwizException.badUsage("give --previous or --next, not both");
        }
        List<Usage> parsed = Usage.parseList(usages);
        List<Assignment> removed = previous
                ? certwiz.assignments().unassignPrevious(parsed)
                : next
                        ? certwiz.assignments().unassignNext(parsed)
                        : certwiz.assignments().unassign(parsed);
        List<AssignmentView.Removed> rows =
                removed.stream().map(AssignmentView.Removed::of).toList();
        String what = previous ? "the previous certificate " : next ? "the staged certificate " : "";
        print(
                rows,
                () -> rows.forEach(r -> out().println("Unassigned " + what + r.thumbprint() + " from " + r.usage())));
        return 0;
    }
}
