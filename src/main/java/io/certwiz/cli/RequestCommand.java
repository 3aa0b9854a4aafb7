package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.acme.client.AcmeOptions;
import io.certwiz.acme.client.AcmeProgress;
import io.certwiz.acme.client.ChallengeType;
import io.certwiz.ca.EmbeddedCa;
import io.certwiz.request.OfflineRequest;
import io.certwiz.request.RequestOutcome;
import io.certwiz.request.RequestSpec;
import io.certwiz.store.DataDirectory;
import io.certwiz.usage.Usage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "request", description = "Request a certificate: online from a CA, or offline to a file.")
final class RequestCommand extends BaseCommand {
    @Option(
            names = "--usage",
            required = true,
            split = ",",
            paramLabel = "USAGE",
            description = "Usages to request for: Default, WebServicesInternal, WebServicesExternal, OAuthTokenIssuer.")
    List<String> usages;

    @Option(names = "--ca", paramLabel = "NAME", description = "The CA (default: " + RequestSpec.DEFAULT_CA + ").")
    String ca;

    @Option(
            names = "--key",
            paramLabel = "TYPE",
            description = "rsa-2048 (default), rsa-3072, rsa-4096, ec-p256 or ec-p384.")
    String key;

    @Option(
            names = "--key-store",
            paramLabel = "STORE",
            description = "Where the key is made: software (sealed in the store) or pkcs11:NAME, a token named in"
                    + " tokens.json (default: its defaultKeyStore, else software).")
    String keyStore;

    @Option(names = "--friendly-name", paramLabel = "NAME")
    String friendlyName;

    @Option(names = "--exportable", description = "Allow the private key to be exported later.")
    boolean exportable;

    @Option(
            names = "--subject",
            paramLabel = "DN",
            description =
                    "Subject DN instead of the one filled in, written as show prints it: CN first (CN=host,O=Org,C=US).")
    String subject;

    @Option(
            names = "--san",
            paramLabel = "dns:NAME|ip:ADDR",
            description =
                    "An additional SAN (repeatable; a bare name or address, or several separated by commas, too).")
    List<String> sans = new ArrayList<>();

    @Option(names = "--organization", paramLabel = "O")
    String organization;

    @Option(names = "--org-unit", paramLabel = "OU")
    String orgUnit;

    @Option(names = "--city", paramLabel = "L")
    String city;

    @Option(names = "--state", paramLabel = "ST")
    String state;

    @Option(names = "--country", paramLabel = "CC")
    String country;

    @Option(
            names = "--validity",
            paramLabel = "DURATION",
            description = "Embedded CA: how long the certificate is valid, from 2m to 365d (default: 365d),"
                    + " such as 10m, 12h or 90d.")
    String validity;

    @Option(names = "--no-assign", description = "Only store the certificate; do not assign it.")
    boolean noAssign;

    @Option(
            names = "--outside-policy",
            description = "The embedded CA: issue names its policy (certwiz policy list) does not permit; audited.")
    boolean outsidePolicy;

    @Option(names = "--offline", description = "Prepare the request now and send it later (needs --out).")
    boolean offline;

    @Option(
            names = "--out",
            paramLabel = "FILE",
            description = "Where an offline request's PEM is written; - for standard output.")
    Path outFile;

    @Option(
            names = "--challenge",
            paramLabel = "TYPE",
            description = "ACME CAs: the challenge certwiz answers, http-01 (default) or tls-alpn-01.")
    String challenge;

    @Option(
            names = "--responder",
            paramLabel = "ADDR:PORT",
            description = "ACME CAs: where certwiz's own responder listens (default: the running server for http-01"
                    + " when it is up, else 0.0.0.0:80 for http-01, 0.0.0.0:443 for tls-alpn-01).")
    String responder;

    @Option(
            names = "--acme-timeout",
            paramLabel = "SECONDS",
            description = "ACME CAs: give up waiting for the CA after this long (default: 300).")
    Integer acmeTimeout;

    @Option(
            names = "--preferred-chain",
            paramLabel = "ISSUER-CN",
            description = "ACME CAs: of the chains offered, take the one with an issuer of this common name.")
    String preferredChain;

    @Override
    int run(Certwiz certwiz) {
        RequestSpec request = RequestSpec.builder(Usage.parseList(usages))
                .ca(ca)
                .key(key)
                .keyStore(keyStore)
                .friendlyName(friendlyName)
                .exportable(exportable)
                .subject(subject)
                .sans(sans)
                .organization(organization)
                .orgUnit(orgUnit)
                .city(city)
                .state(state)
                .country(country)
                .assign(!noAssign)
                .acme(acmeOptions())
                .outsidePolicy(outsidePolicy)
                .validity(validity)
                .build();
        if (offline) {
            if (outFile == null) {
                throw CertwizException.badUsage("an offline request needs --out FILE");
            }
            OutputFiles.Target target = outFile(outFile);
            // Written inside the request's transaction: a failed write leaves no pending request.
            OfflineRequest prepared = certwiz.requests()
                    .offline(
                            request,
                            pem -> target.write(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII), false, stdio))
                    .writtenTo(target.shown());
            print(prepared, () -> {
                java.io.PrintWriter out = report(target);
                out.println("Offline request " + prepared.requestId() + " written to "
                        + (target.isStdout() ? "standard output" : prepared.file()));
                Text.field(out, "Request id", prepared.requestId());
                Text.field(out, "Subject", prepared.subject());
                Text.field(out, "Subject alternative names", Text.list(prepared.sans()));
                Text.field(out, "Usages", Text.list(prepared.usages()));
                out.println("Send it to the CA, then import the reply with: certwiz import FILE");
            });
            return 0;
        }
        if (outFile != null) {
            throw CertwizException.badUsage("--out is for offline requests; add --offline");
        }
        if (!request.acme().isDefault() && request.ca().equals(EmbeddedCa.NAME)) {
            throw CertwizException.badUsage(
                    "--challenge, --responder, --acme-timeout and --preferred-chain are for ACME CAs (--ca NAME)");
        }
        RequestOutcome outcome = certwiz.requests().online(request);
        print(outcome, () -> Text.outcome(out(), outcome));
        return outcome.assignmentRefused() ? Failure.REFUSED.exitCode() : 0;
    }

    /** Writes the request's PEM to --out (inside the request's transaction: a failure keeps nothing). */
    private void writeRequest(Path target, String pem) {
        if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
            throw CertwizException.error("cannot write " + outFile + ": no such directory");
        }
        DataDirectory.writePublic(target, pem.getBytes(StandardCharsets.US_ASCII));
    }

    private AcmeOptions acmeOptions() {
        if (acmeTimeout != null && acmeTimeout < 1) {
            throw CertwizException.badUsage("--acme-timeout takes a number of seconds, at least 1");
        }
        return new AcmeOptions(
                challenge == null ? null : ChallengeType.parse(challenge),
                responder,
                acmeTimeout == null ? null : Duration.ofSeconds(acmeTimeout),
                preferredChain,
                AcmeProgress.forConsole(err()));
    }
}
