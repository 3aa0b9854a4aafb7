package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.inventory.CertificateService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "remove",
        description = "Remove a certificate from its store; refused while it is assigned, or while the embedded CA"
                + " or an assigned certificate's chain needs it.")
final class RemoveCommand extends BaseCommand {
    @Parameters(paramLabel = "THUMBPRINT")
    String thumbprint;

    @Option(
            names = "--force",
            description = "Remove a CA certificate that the embedded CA or an assigned certificate's chain needs,"
                    + " and say what that breaks.")
    boolean force;

    @Override
    int run(Certwiz certwiz) {
        CertificateService.Removed removed;
        try {
            removed = certwiz.certificates().remove(thumbprint, force);
        } catch (CertwizException e) {
            if (e.problems().stream().anyMatch(p -> p.code().equals(CertificateService.CA_NEEDED))) {
                throw new CertwizException(
                        e.failure(), e.getMessage() + " (add --force to remove it anyway)", e.problems());
            }
            throw e;
        }
        for (String broken : removed.broken()) {
            err().println("certwiz: warning: removed anyway (--force); this breaks " + broken);
        }
        err().flush();
        print(
                removed.certificate(),
                () -> out().println("Removed " + removed.certificate().thumbprint() + " from "
                        + removed.certificate().store() + ": "
                        + removed.certificate().subject()));
        return 0;
    }
}
