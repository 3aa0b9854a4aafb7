package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.certificate.CertificateView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "View certificate details, by thumbprint or by the usage it is assigned to.")
final class ShowCommand extends BaseCommand {
    @Parameters(
            paramLabel = "THUMBPRINT|USAGE",
            description = "The SHA-1 thumbprint (40 hex digits) or the SHA-256 (64), or the usage it is assigned to.")
    String reference;

    @Option(names = "--pem", description = "Also print the certificate as PEM.")
    boolean pem;

    @Override
    int run(Certwiz certwiz) {
        CertificateView view =
                certwiz.renewals().annotate(certwiz.certificates().show(reference, pem));
        print(view, () -> {
            Text.details(out(), view);
            acme(view);
            RenewalText.certificate(out(), view);
        });
        return 0;
    }

    /** For a certificate from an ACME CA: where it came from and its renewal information (RFC 9773). */
    private void acme(CertificateView view) {
        CertificateView.Acme acme = view.acme();
        if (acme == null) {
            return;
        }
        out().println("ACME:");
        Text.field(out(), "CA", acme.ca());
        Text.field(out(), "Certificate URL", acme.certificateUrl());
        Text.field(
                out(),
                "Chain issued by",
                acme.chainIssuer()
                        + (acme.alternateIssuers().isEmpty()
                                ? ""
                                : " (also offered: " + Text.list(acme.alternateIssuers()) + ")"));
        Text.field(out(), "ARI certificate id", acme.ariId() == null ? "(none)" : acme.ariId());
        CertificateView.RenewalWindow window = acme.renewalWindow();
        Text.field(
                out(),
                "Suggested renewal",
                window == null
                        ? "(the CA offers no renewal information)"
                        : window.start() + " to " + window.end() + " (as of " + window.checkedAt() + ")"
                                + (window.explanation() == null ? "" : " " + window.explanation()));
    }
}
