package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.request.PendingRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "requests", description = "List pending offline requests, or drop one with --clear.")
final class RequestsCommand extends BaseCommand {
    @Option(names = "--clear", paramLabel = "ID", description = "Drop this pending request and its key.")
    Long clear;

    record Row(long id, String createdAt, List<String> usages, String friendlyName, String ca, String csr) {
        static Row of(PendingRequest request) {
            return new Row(
                    request.id(),
                    request.createdAt().toString(),
                    request.usages().stream().map(Enum::name).toList(),
                    request.friendlyName(),
                    request.ca(),
                    request.csrPem());
        }
    }

    @Override
    int run(Certwiz certwiz) {
        if (clear != null) {
            PendingRequest dropped = certwiz.requests().clear(clear);
            print(Row.of(dropped), () -> out().println("Cleared pending request " + dropped.id()));
            return 0;
        }
        List<Row> rows = certwiz.requests().pending().stream().map(Row::of).toList();
        print(rows, () -> {
            if (rows.isEmpty()) {
                out().println("No pending requests.");
            }
            for (Row row : rows) {
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
