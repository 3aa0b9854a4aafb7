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

    @Option(
            names = "--no-password",
            description = "With --with-key --format pem: write the private key unencrypted (for nginx and the like;"
                    + " the file is made 0600).")
    boolean noPassword;

    /** What the command prints: where the file went and what it holds. */
    record Written(String thumbprint, String file, String format, int certificates, boolean privateKey) {}

    @Override
    int run(Certwiz certwiz) {
        OutputFiles.Target target = outFile(outFile);
        ExportService.Exported exported = certwiz.exports()
                .export(new ExportService.Request(
                        thumbprint,
                        ExportService.Format.parse(format),
                        chain,
                        withKey,
                        password(passwordFile),
                        noPassword));
        target.write(exported.content(), exported.secret(), stdio);
        if (noPassword && exported.privateKey()) {
            err().println("certwiz: warning: the private key is written unencrypted"
                    + (target.isStdout() ? " to standard output" : " to " + target.shown() + " (0600)")
                    + "; whoever reads it can act as this certificate's owner");
            err().flush();
        }
        Written written = new Written(
                exported.thumbprint(),
                target.shown(),
                exported.format(),
                exported.certificates(),
                exported.privateKey());
        print(
                written,
                () -> report(target)
                        .println("Exported " + written.thumbprint() + " to "
                                + (target.isStdout() ? "standard output" : written.file()) + " ("
                                + written.format() + ", " + written.certificates() + " certificate"
                                + (written.certificates() == 1 ? "" : "s")
                                + (written.privateKey() ? ", with private key" : "") + ")"));
        return 0;
    }
}
