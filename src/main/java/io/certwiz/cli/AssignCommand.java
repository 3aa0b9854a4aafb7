package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.certwiz.assignment.AssignmentService;
import io.certwiz.assignment.Rollover;
import io.certwiz.revocation.RevocationPolicy;
import io.certwiz.usage.AssignmentView;
import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "assign",
        description = "Assign a certificate to usages, after checking it: all usages or none. With --roll, stage it"
                + " as OAuthTokenIssuer's next certificate, current from --effective-date on.")
final class AssignCommand extends BaseCommand {
    @Parameters(paramLabel = "THUMBPRINT")
    String thumbprint;

    @Option(names = "--usage", required = true, split = ",", paramLabel = "USAGE")
    List<String> usages;

    @Option(
            names = "--roll",
            description = "Stage the certificate as next: the current one signs until --effective-date, both are"
                    + " published, and the old one verifies until it expires (OAuthTokenIssuer only).")
    boolean roll;

    @Option(
            names = "--effective-date",
            paramLabel = "TIME",
            description = "With --roll: when the staged certificate becomes current (ISO-8601, e.g."
                    + " 2030-01-01T08:00:00Z); at least 24 hours before the current one expires.")
    String effectiveDate;

    @Option(
            names = "--revocation",
            paramLabel = "POLICY",
            description = "Revocation check: soft (the default: a status not found is a warning), hard or off.")
    String revocation;

    @Override
    int run(Certwiz certwiz) {
        List<Usage> parsed = Usage.parseList(usages);
        if (roll != (effectiveDate != null)) {
            throw CertwizException.badUsage(
                    roll ? "--roll needs --effective-date TIME" : "--effective-date goes with --roll");
        }
        Thumbprint chosen = Thumbprint.parse(thumbprint);
        RevocationPolicy policy = RevocationPolicy.parse(revocation, "--revocation", AssignmentService.DEFAULT_POLICY);
        List<AssignmentView> rows;
        if (roll) {
            rows = certwiz.assignments().stage(chosen, parsed, Rollover.parseEffectiveDate(effectiveDate)).stream()
                    .map(AssignmentView::of)
                    .toList();
        } else {
            AssignmentService.Assigned assigned = certwiz.assignments().assign(chosen, parsed, policy);
            Problem warning = assigned.revocation().warning();
            if (warning != null) {
                err().println("certwiz: warning: " + warning.message());
                err().flush();
            }
            rows = assigned.views();
        }
        print(rows, () -> rows.forEach(r -> out().println(line(r))));
        return 0;
    }

    private static String line(AssignmentView r) {
        if (r.nextThumbprint() != null) {
            return "Staged " + r.nextThumbprint() + " as the next " + r.usage() + " certificate, current from "
                    + r.nextEffectiveDate() + " (until then " + r.thumbprint() + " signs; both are published)";
        }
        return "Assigned " + r.thumbprint() + " to " + r.usage()
                + (r.previousThumbprint() == null ? "" : " (previous: " + r.previousThumbprint() + ")");
    }
}
