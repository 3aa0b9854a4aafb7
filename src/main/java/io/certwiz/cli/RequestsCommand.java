package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.request.PendingRequest;
import io.certwiz.request.PendingRequestView;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "requests", description = "List pending offline requests, or drop one with --clear.")
final class RequestsCommand extends BaseCommand {
    @Option(names = "--clear", paramLabel = "ID", description = "Drop this pending request and its key.")
    Long clear;

    @Override
    int run(Certwiz certwiz) {
        if (clear != null) {
            PendingRequest dropped = certwiz.requests().clear(clear);
            print(PendingRequestView.of(dropped), () -> out().println("Cleared pending request " + dropped.id()));
            return 0;
        }
        List<PendingRequestView> rows = certwiz.requests().pending().stream()
                .map(PendingRequestView::of)
                .toList();
        print(rows, () -> {
            if (rows.isEmpty()) {
                out().println("No pending requests.");
            }
            for (PendingRequestView row : rows) {
                out().printf(
                                "%-6d %-26s %-40s %s%n",
                                row.id(),
                                row.createdAt(),
                                String.join(",", row.usages()),
                                row.friendlyName() == null ? "" : row.friendlyName());
            }
        });
        return 0;
    }
}
