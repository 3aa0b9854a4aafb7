package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.certificate.CertificateView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "View certificate details, by thumbprint or by the usage it is assigned to.")
final class ShowCommand extends BaseCommand {
    @Parameters(paramLabel = "THUMBPRINT|USAGE")
    String reference;

    @Option(names = "--pem", description = "Also print the certificate as PEM.")
    boolean pem;

    @Override
    int run(Certwiz certwiz) {
        CertificateView view = certwiz.certificates().show(reference, pem);
        print(view, () -> {
            Text.details(out(), view);
            acme(certwiz, view);
        });
        return 0;
    }

    /** For a certificate from an ACME CA: where it came from and its renewal information (RFC 9773). */
    private void acme(Certwiz certwiz, CertificateView view) {
        certwiz.acme()
                .issued(io.certwiz.x509.Thumbprint.parse(view.thumbprint()))
                .ifPresent(issued -> {
                    out().println("ACME:");
                    Text.field(out(), "CA", issued.caName());
                    Text.field(out(), "Certificate URL", issued.certificateUrl());
                    Text.field(
                            out(),
                            "Chain issued by",
                            issued.chainIssuer()
                                    + (issued.alternateIssuers().isEmpty()
                                            ? ""
                                            : " (also offered: " + Text.list(issued.alternateIssuers()) + ")"));
                    Text.field(out(), "ARI certificate id", issued.ariId() == null ? "(none)" : issued.ariId());
                    Text.field(
                            out(),
                            "Suggested renewal",
                            issued.hasWindow()
                                    ? issued.windowStart() + " to " + issued.windowEnd() + " (as of "
                                            + issued.windowCheckedAt() + ")"
                                            + (issued.windowExplanation() == null
                                                    ? ""
                                                    : " " + issued.windowExplanation())
                                    : "(the CA offers no renewal information)");
                });
    }
}
