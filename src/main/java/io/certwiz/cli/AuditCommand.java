package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.audit.AuditEntry;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "audit", description = "The audit log: every change and every failed login, newest first.")
final class AuditCommand extends BaseCommand {
    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "Show the newest N entries (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(Certwiz certwiz) {
        List<AuditEntry> entries = certwiz.audit().newest(Math.max(1, limit));
        print(
                entries,
                () -> entries.forEach(e -> out().printf(
                                "%s  %-16s %-22s %s %s%n",
                                e.at(), e.actor(), e.operation(), String.join(",", e.thumbprints()), e.detail())));
        return 0;
    }
}
