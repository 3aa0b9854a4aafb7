package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.certificate.ExportService;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = "Write a stored certificate to a file (PEM, DER, PKCS#7 or PKCS#12).")
final class ExportCommand extends BaseCommand {
    @Parameters(paramLabel = "THUMBPRINT")
    String thumbprint;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE",
            description = "The file to write; - for standard output. A symbolic link or a directory is refused.")
    Path outFile;

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "pem",
            description = "pem (default), der, p7b or pfx.")
    String format;

    @Option(names = "--chain", description = "Include the chain built from the stores.")
    boolean chain;

    @Option(names = "--with-key", description = "Include the private key (only when it is exportable).")
    boolean withKey;

    @Option(names = "--password-file", paramLabel = "FILE", description = "Password protecting the key or PFX.")
    Path passwordFile;

    @Override
    int run(Certwiz certwiz) {
        OutputFiles.Target target = outFile(outFile);
        ExportService.Rendered rendered = certwiz.exports()
                .render(new ExportService.Request(
                        thumbprint,
                        outFile,
                        ExportService.Format.parse(format),
                        chain,
                        withKey,
                        password(passwordFile)));
        target.write(rendered.content(), rendered.secret(), stdio);
        ExportService.Exported exported = rendered.exported();
        print(
                exported,
                () -> report(target)
                        .println("Exported " + exported.thumbprint() + " to "
                                + (target.isStdout() ? "standard output" : exported.file()) + " ("
                                + exported.format() + ", " + exported.certificates() + " certificate"
                                + (exported.certificates() == 1 ? "" : "s")
                                + (exported.privateKey() ? ", with private key" : "") + ")"));
        return 0;
    }
}
