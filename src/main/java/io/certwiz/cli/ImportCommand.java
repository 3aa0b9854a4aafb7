package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.Problem;
import io.certwiz.inventory.ImportOutcome;
import io.certwiz.inventory.ImportService;
import io.certwiz.trust.TrustStore;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "import", description = "Import certificates: PEM, DER, PKCS#7 (.p7b) or PKCS#12 (.pfx).")
final class ImportCommand extends BaseCommand {
    @Parameters(paramLabel = "FILE", description = "The file to import; - for standard input.")
    Path file;

    @Option(
            names = "--store",
            paramLabel = "STORE",
            description = "root, intermediate or personal. A self-signed CA is trusted only with --store root.")
    String store;

    @Option(
            names = "--move",
            description = "With --store intermediate: move a trusted root out of the root store, taking its trust"
                    + " away (the output says what that breaks).")
    boolean move;

    @Option(names = "--password-file", paramLabel = "FILE", description = "The PFX's password, first line.")
    Path passwordFile;

    @Option(names = "--exportable", description = "Mark a PFX's private key exportable.")
    boolean exportable;

    @Option(names = "--friendly-name", paramLabel = "NAME")
    String friendlyName;

    @Option(names = "--no-assign", description = "When the reply completes a request, do not assign it.")
    boolean noAssign;

    /** The service's refusal with the flag that does what it asks for on this face. */
    private static CertwizException withHint(CertwizException e) {
        for (Problem problem : e.problems()) {
            if (problem.code().equals(ImportService.TRUST_IS_EXPLICIT)) {
                return new CertwizException(e.failure(), e.getMessage() + " (--store root)");
            }
            if (problem.code().equals(ImportService.MOVE_IS_EXPLICIT)) {
                return new CertwizException(e.failure(), e.getMessage() + " (--move)");
            }
            if (problem.code().equals(ImportService.KEEP_WITHOUT_KEY)) {
                return new CertwizException(
                        e.failure(), e.getMessage() + " (--store personal; pending requests: certwiz requests)");
            }
        }
        return e;
    }

    @Override
    int run(Certwiz certwiz) {
        byte[] content = read(file, "certificate file");
        ImportService.Options options = new ImportService.Options(
                store == null ? null : TrustStore.parse(store),
                password(passwordFile),
                exportable,
                friendlyName,
                !noAssign,
                move);
        ImportOutcome outcome;
        try {
            outcome = certwiz.imports().importBytes(content, InputFiles.name(file), options);
        } catch (CertwizException e) {
            throw withHint(e);
        }
        print(outcome, () -> Text.imported(out(), outcome));
        return outcome.completedRequest() != null && outcome.completedRequest().assignmentRefused()
                ? Failure.REFUSED.exitCode()
                : 0;
    }
}
