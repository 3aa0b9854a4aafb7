package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.Problem;
import io.certwiz.revocation.RevocationPolicy;
import io.certwiz.usage.AssignmentService;
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

    @Option(
            names = "--revocation",
            paramLabel = "POLICY",
            description = "Revocation check: soft (the default: a status not found is a warning), hard or off.")
    String revocation;

    @Override
    int run(Certwiz certwiz) {
        List<Usage> parsed = Usage.parseList(usages);
        RevocationPolicy policy = RevocationPolicy.parse(revocation, "--revocation", AssignmentService.DEFAULT_POLICY);
        AssignmentService.Assigned done = certwiz.assignments().assign(Thumbprint.parse(thumbprint), parsed, policy);
        List<AssignmentView> rows = done.views();
        Problem warning = done.revocation().warning();
        if (warning != null) {
            err().println("certwiz: warning: " + warning.message());
            err().flush();
        }
        print(
                rows,
                () -> rows.forEach(r -> out().println("Assigned " + r.thumbprint() + " to " + r.usage()
                        + (r.previousThumbprint() == null ? "" : " (previous: " + r.previousThumbprint() + ")"))));
        return 0;
    }
}
