package io.certwiz.cli;

import io.certwiz.Certwiz;
import io.certwiz.CertwizException;
import io.certwiz.Failure;
import io.certwiz.Problem;
import io.certwiz.certificate.VerifyService;
import io.certwiz.revocation.RevocationChecker;
import io.certwiz.revocation.RevocationPolicy;
import io.certwiz.revocation.RevocationSources;
import io.certwiz.usage.Usage;
import io.certwiz.x509.ExtendedKeyUsage;
import io.certwiz.x509.SubjectAltName;
import io.certwiz.x509.Thumbprint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "verify", description = "RFC 5280 path validation with name and EKU checks; exit 0 valid, 3 not.")
final class VerifyCommand extends BaseCommand {
    @Parameters(paramLabel = "THUMBPRINT|FILE", description = "A stored certificate, or a file (- for standard input).")
    String target;

    @Option(names = "--usage", paramLabel = "USAGE", description = "Check fitness for this usage (EKU and its FQDN).")
    String usage;

    @Option(names = "--trusted", paramLabel = "FILE", description = "Trust only these roots, not the stores.")
    List<Path> trusted = new ArrayList<>();

    @Option(names = "--untrusted", paramLabel = "FILE", description = "Intermediates that may complete the path.")
    List<Path> untrusted = new ArrayList<>();

    @Option(names = "--at", paramLabel = "ISO-TIME", description = "Validate at this time, e.g. 2030-01-01T00:00:00Z.")
    String at;

    @Option(
            names = "--dns-name",
            paramLabel = "NAME",
            description = "Check that the certificate covers this host name.")
    String dnsName;

    @Option(names = "--ip", paramLabel = "ADDR", description = "Check that the certificate covers this IP address.")
    String ip;

    @Option(names = "--eku", paramLabel = "EKU", description = "serverAuth or clientAuth.")
    String eku;

    @Option(
            names = "--crl",
            paramLabel = "FILE",
            description = "CRLs (DER or PEM) to check revocation with, besides the distribution points' (repeatable).")
    List<Path> crls = new ArrayList<>();

    @Option(
            names = "--fetch-aia",
            description = "Fetch missing intermediates from the AIA caIssuers URLs (never a root; not stored).")
    boolean fetchAia;

    @Option(names = "--ocsp", description = "Also ask the OCSP responder each certificate names (AIA).")
    boolean ocsp;

    @Option(
            names = "--no-crl-fetch",
            description = "Do not fetch CRLs from the distribution points (only --crl and what is kept).")
    boolean noCrlFetch;

    @Option(
            names = "--revocation",
            paramLabel = "POLICY",
            description = "hard (refuse when the status is not found), soft (the default: warn) or off.")
    String revocationPolicy;

    @Override
    public Integer call() {
        if (trusted.isEmpty() && usage == null) {
            if (!dataDirectory().hasStore()) {
                throw CertwizException.notFound(
                        "no certwiz store in " + dataDirectory().path() + "; give --trusted FILE or run certwiz init");
            }
        }
        if (!dataDirectory().hasStore()) {
            // Files only, no store: like openssl verify.
            return verify(Certwiz.verifier(new NoStore(), java.time.Clock.systemUTC()));
        }
        return super.call();
    }

    @Override
    int run(Certwiz certwiz) {
        return verify(certwiz.verifier());
    }

    private int verify(VerifyService service) {
        checkNames();
        Usage forUsage = usage == null ? null : Usage.parse(usage);
        Instant time = parseTime(at);
        ExtendedKeyUsage withEku = eku == null ? null : ExtendedKeyUsage.parse(eku);
        List<Problem> malformed = new ArrayList<>();
        List<X509Certificate> intermediates = read(untrusted, "--untrusted file", malformed);
        List<X509Certificate> anchors = read(trusted, "--trusted file", malformed);
        RevocationChecker.Options revocation = new RevocationChecker.Options(
                RevocationPolicy.parse(revocationPolicy, "--revocation", VerifyService.DEFAULT_POLICY),
                readCrls(),
                ocsp,
                !noCrlFetch);
        VerifyService.Options options = new VerifyService.Options(
                forUsage, anchors, intermediates, time, dnsName, ip, withEku, malformed, revocation, fetchAia);
        VerifyService.Verdict verdict = targetIsFile()
                ? service.verifyBytes(
                        read(Path.of(target), "certificate file"), InputFiles.name(Path.of(target)), options)
                : service.verifyStored(target, options);
        print(verdict, () -> {
            out().println(
                            verdict.valid()
                                    ? "OK: the certificate is valid"
                                    : verdict.chainTrusted()
                                            ? "FAILED: the certification path is trusted, but the certificate does"
                                                    + " not fit what was asked (names, EKU or key usage)"
                                            : "FAILED: the certificate is not valid");
            Text.chain(out(), verdict.chainTrusted(), verdict.chain(), verdict.problems());
            if (verdict.fetched() != null) {
                verdict.fetched().forEach(f -> out().println("Fetched " + f.subject() + " from " + f.url()));
            }
            Text.revocation(out(), verdict.revocation(), verdict.warnings());
        });
        return verdict.valid() ? 0 : Failure.REFUSED.exitCode();
    }

    /** The certificate to verify comes from a file (or standard input for -) when there is one, else stored. */
    private boolean targetIsFile() {
        if (target.equals("-") || Files.exists(Path.of(target))) {
            return true;
        }
        if (Thumbprint.looksLike(target) || !target.contains("/") && !target.contains(".")) {
            return false;
        }
        throw CertwizException.notFound("no such file or thumbprint: " + target);
    }

    /** The certificates of {@code files}; a malformed one is a problem of the verdict, not an error. */
    private List<X509Certificate> read(List<Path> files, String what, List<Problem> malformed) {
        List<X509Certificate> out = new ArrayList<>();
        for (Path file : files) {
            VerifyService.Input input = VerifyService.input(read(file, what), InputFiles.name(file));
            out.addAll(input.certificates());
            if (input.malformed() != null) {
                malformed.add(input.malformed());
            }
        }
        return out;
    }

    /** The CRLs of the --crl files; a file that holds none is an error, as any unreadable input is. */
    private List<java.security.cert.X509CRL> readCrls() {
        List<java.security.cert.X509CRL> out = new ArrayList<>();
        for (Path file : crls) {
            try {
                out.addAll(RevocationSources.parseCrls(read(file, "--crl file")));
            } catch (java.io.IOException e) {
                throw CertwizException.error(InputFiles.name(file) + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** A name to check that is no name is bad usage (exit 2), not a failed check. */
    private void checkNames() {
        if (dnsName != null
                && (dnsName.isBlank()
                        || dnsName.strip()
                                .chars()
                                .anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)))) {
            throw CertwizException.badUsage("--dns-name takes a host name, not '" + dnsName + "'");
        }
        if (ip != null) {
            try {
                SubjectAltName.ip(ip);
            } catch (CertwizException e) {
                throw CertwizException.badUsage("--ip takes an IPv4 or IPv6 address, not '" + ip + "'");
            }
        }
    }

    private static Instant parseTime(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e2) {
                throw CertwizException.badUsage(
                        "--at takes an ISO time such as 2030-01-01T00:00:00Z, not '" + text + "'");
            }
        }
    }
}
