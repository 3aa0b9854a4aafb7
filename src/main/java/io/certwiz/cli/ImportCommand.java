package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.Failure;
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

    @Option(names = "--store", paramLabel = "STORE", description = "root, intermediate or personal.")
    String store;

    @Option(names = "--password-file", paramLabel = "FILE", description = "The PFX's password, first line.")
    Path passwordFile;

    @Option(names = "--exportable", description = "Mark a PFX's private key exportable.")
    boolean exportable;

    @Option(names = "--friendly-name", paramLabel = "NAME")
    String friendlyName;

    @Option(names = "--no-assign", description = "When the reply completes a request, do not assign it.")
    boolean noAssign;

    @Override
    int run(Certwiz certwiz) {
        byte[] content = read(file, "certificate file");
        ImportService.Options options = new ImportService.Options(
                store == null ? null : TrustStore.parse(store),
                password(passwordFile),
                exportable,
                friendlyName,
                !noAssign);
        ImportOutcome outcome = certwiz.imports().importBytes(content, InputFiles.name(file), options);
        print(outcome, () -> Text.imported(out(), outcome));
        return outcome.completedRequest() != null && outcome.completedRequest().assignmentRefused()
                ? Failure.REFUSED.exitCode()
                : 0;
    }
}
