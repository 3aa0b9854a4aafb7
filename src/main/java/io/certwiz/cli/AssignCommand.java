package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.usage.Assignment;
import io.certwiz.usage.AssignmentView;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "assign", description = "Assign a certificate to usages, after checking it: all usages or none.")
final class AssignCommand extends BaseCommand {
    @Parameters(paramLabel = "THUMBPRINT")
    String thumbprint;

    @Option(names = "--usage", required = true, split = ",", paramLabel = "USAGE")
    List<String> usages;

    @Override
    int run(Certwiz certwiz) {
        List<Usage> parsed = Usage.parseList(usages);
        List<Assignment> done = certwiz.assignments().assign(Thumbprint.parse(thumbprint), parsed);
        List<AssignmentView> rows = done.stream().map(AssignmentView::of).toList();
        print(
                rows,
                () -> rows.forEach(r -> out().println("Assigned " + r.thumbprint() + " to " + r.usage()
                        + (r.previousThumbprint() == null ? "" : " (previous: " + r.previousThumbprint() + ")"))));
        return 0;
    }
}
