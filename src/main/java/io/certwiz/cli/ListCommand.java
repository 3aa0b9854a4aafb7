package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.certificate.CertificateView;
import io.certwiz.trust.TrustStore;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = "List the certificates in the stores.")
final class ListCommand extends BaseCommand {
    @Option(names = "--store", paramLabel = "STORE", description = "personal, root or intermediate (default: all).")
    String store;

    @Option(names = "--expiring-within", paramLabel = "DAYS", description = "Only those that expire within DAYS.")
    Integer expiringWithin;

    @Override
    int run(Certwiz certwiz) {
        List<CertificateView> views = certwiz.renewals()
                .annotate(certwiz.certificates().list(store == null ? null : TrustStore.parse(store), expiringWithin));
        print(views, () -> {
            out().printf("%-13s %-40s %-22s %-11s %s%n", "STORE", "THUMBPRINT", "EXPIRES", "CHAIN", "SUBJECT");
            for (CertificateView view : views) {
                out().printf(
                                "%-13s %-40s %-22s %-11s %s%s%n",
                                view.store(),
                                view.thumbprint(),
                                view.notAfter(),
                                view.chain().trusted() ? "trusted" : "untrusted",
                                view.subject(),
                                view.assignedUsages().isEmpty()
                                        ? ""
                                        : "  [" + String.join(",", view.assignedUsages()) + "]");
            }
        });
        return 0;
    }
}
