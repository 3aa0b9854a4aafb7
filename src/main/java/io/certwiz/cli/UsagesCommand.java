package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.usage.UsageStatus;
import java.util.List;
import picocli.CommandLine.Command;

@Command(name = "usages", description = "Each usage with its certificate and state (the wizard's main page).")
final class UsagesCommand extends BaseCommand {
    @Override
    int run(Certwiz certwiz) {
        List<UsageStatus> usages =
                certwiz.renewals().annotateUsages(certwiz.assignments().usages());
        print(usages, () -> {
            Text.usages(out(), usages);
            RenewalText.usages(out(), usages);
        });
        return 0;
    }
}
