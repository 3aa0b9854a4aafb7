package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.certificate.CertificateView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "remove", description = "Remove a certificate from its store; refused while it is assigned.")
final class RemoveCommand extends BaseCommand {
    @Parameters(paramLabel = "THUMBPRINT")
    String thumbprint;

    @Override
    int run(Certwiz certwiz) {
        CertificateView removed = certwiz.certificates().remove(thumbprint);
        print(
                removed,
                () -> out().println("Removed " + removed.thumbprint() + " from " + removed.store() + ": "
                        + removed.subject()));
        return 0;
    }
}
