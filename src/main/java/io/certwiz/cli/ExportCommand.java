package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.DataDirectory;
import io.certwiz.certificate.ExportService;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = "Write a stored certificate to a file (PEM, DER, PKCS#7 or PKCS#12).")
final class ExportCommand extends BaseCommand {
    @Parameters(paramLabel = "THUMBPRINT")
    String thumbprint;

    @Option(names = "--out", required = true, paramLabel = "FILE")
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

    /** What the command prints: where the file went and what it holds. */
    record Written(String thumbprint, String file, String format, int certificates, boolean privateKey) {}

    @Override
    int run(Certwiz certwiz) {
        ExportService.Exported exported = certwiz.exports()
                .export(new ExportService.Request(
                        thumbprint, ExportService.Format.parse(format), chain, withKey, Passwords.read(passwordFile)));
        if (exported.secret()) {
            DataDirectory.writeSecret(outFile, exported.content());
        } else {
            DataDirectory.writePublic(outFile, exported.content());
        }
        Written written = new Written(
                exported.thumbprint(),
                outFile.toAbsolutePath().toString(),
                exported.format(),
                exported.certificates(),
                exported.privateKey());
        print(
                written,
                () -> out().println("Exported " + written.thumbprint() + " to " + written.file() + " ("
                        + written.format() + ", " + written.certificates() + " certificate"
                        + (written.certificates() == 1 ? "" : "s")
                        + (written.privateKey() ? ", with private key" : "") + ")"));
        return 0;
    }
}
