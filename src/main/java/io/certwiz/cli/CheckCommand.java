package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.Failure;
import io.certwiz.check.CheckReport;
import picocli.CommandLine.Command;

@Command(
        name = "check",
        description = "Checks the store's integrity (every key opens, every assignment points at a usable"
                + " certificate); exit 0 clean, 3 problems found, 1 the store cannot be read.")
final class CheckCommand extends BaseCommand {
    @Override
    int run(Certwiz certwiz) {
        CheckReport report = certwiz.check().run();
        print(report, () -> {
            report.problems().forEach(problem -> out().println(problem.line()));
            out().println(summary(report));
        });
        return report.clean() ? 0 : Failure.REFUSED.exitCode();
    }

    private static String summary(CheckReport report) {
        CheckReport.Checked checked = report.checked();
        String counted = count(checked.keys(), "key") + ", " + count(checked.certificates(), "certificate") + ", "
                + count(checked.assignments(), "assignment") + ", "
                + count(checked.pendingRequests(), "pending request")
                + " and the embedded CA";
        return report.clean()
                ? "OK: the store is sound: " + counted
                : "FAILED: " + count(report.problems().size(), "problem") + " in the store: " + counted;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
