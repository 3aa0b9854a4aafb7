package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.ca.RevocationReason;
import io.certwiz.inventory.RevocationService;
import io.certwiz.x509.Thumbprint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "revoke",
        description = "Revoke a certificate the embedded CA issued: its CRL is signed again and OCSP answers revoked.")
final class RevokeCommand extends BaseCommand {
    @Parameters(paramLabel = "THUMBPRINT")
    String thumbprint;

    @Option(
            names = "--reason",
            paramLabel = "REASON",
            description = "RFC 5280 reason: unspecified (default), keyCompromise, affiliationChanged, superseded,"
                    + " cessationOfOperation, privilegeWithdrawn.")
    String reason;

    @Override
    int run(Certwiz certwiz) {
        RevocationReason parsed = RevocationReason.parse(reason);
        RevocationService.Revoked revoked = certwiz.revocations().revoke(Thumbprint.parse(thumbprint), parsed);
        print(revoked, () -> {
            out().println("Revoked " + revoked.thumbprint() + " (" + revoked.reason() + ")");
            Text.field(out(), "Serial number", revoked.serial());
            Text.field(out(), "Revoked at", revoked.revokedAt().toString());
            Text.field(out(), "CRL number", Long.toString(revoked.crlNumber()));
            Text.field(out(), "CRL", revoked.crlUrl());
        });
        return 0;
    }
}
