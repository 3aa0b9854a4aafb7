package io.certwiz.trust;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.certwiz.certificate.CertificateService;
import io.certwiz.store.Store;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.Usage;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.ExtendedKeyUsage;
import io.certwiz.x509.Thumbprint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code certwiz verify}: RFC 5280 path validation of a stored certificate or a file, with name and
 * EKU checks; against the stores, or only against {@code --trusted} files like {@code openssl verify
 * -CAfile}.
 */
public final class VerifyService {
    private final Store store;
    private final Clock clock;

    public VerifyService(Store store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public record Options(
            Usage usage,
            List<Path> trusted,
            List<Path> untrusted,
            Instant at,
            String dnsName,
            String ipAddress,
            ExtendedKeyUsage eku) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verdict(
            boolean valid, String thumbprint, List<ChainReport.ChainElement> chain, List<Problem> problems) {}

    public Verdict verify(String target, Options options) {
        Path path = Path.of(target);
        if (Files.exists(path)) {
            return verify(readAll(path), options);
        }
        if (Thumbprint.looksLike(target) || !target.contains("/") && !target.contains(".")) {
            return verifyStored(target, options);
        }
        throw CertwizException.notFound("no such file or thumbprint: " + target);
    }

    /** Validates a stored certificate, named by thumbprint or usage; never reads files (for the API). */
    public Verdict verifyStored(String reference, Options options) {
        X509Certificate leaf =
                store.read(tx -> CertificateService.resolve(tx, reference)).certificate();
        return verify(new Read(List.of(leaf), null, null), options);
    }

    /** Validates certificate content (a leaf and the certificates sent with it) received over the API. */
    public Verdict verifyBytes(byte[] certificates, Options options) {
        return verify(read(certificates, ""), options);
    }

    /**
     * Validates the first certificate read, completing its path with the others. A malformed certificate
     * in any input makes the verdict invalid; the leaf's own makes validation impossible.
     */
    private Verdict verify(Read target, Options options) {
        List<Problem> malformed = new ArrayList<>();
        List<X509Certificate> intermediates = new ArrayList<>();
        List<X509Certificate> anchors = new ArrayList<>();
        target.addTo(intermediates, malformed);
        for (Path path : options.untrusted()) {
            readAll(path).addTo(intermediates, malformed);
        }
        for (Path path : options.trusted()) {
            readAll(path).addTo(anchors, malformed);
        }
        if (target.malformed() != null) {
            return new Verdict(false, Thumbprint.of(target.malformedDer()).hex(), List.of(), malformed);
        }
        X509Certificate leaf = intermediates.removeFirst();
        boolean useStores = options.trusted().isEmpty();
        ServerIdentity identity = null;
        if (useStores || options.usage() != null) {
            record Loaded(TrustSnapshot trust, ServerIdentity identity) {}
            Loaded loaded = store.read(
                    tx -> new Loaded(TrustSnapshot.load(tx), tx.identity().orElse(null)));
            identity = loaded.identity();
            if (useStores) {
                anchors.addAll(loaded.trust().roots());
                intermediates.addAll(loaded.trust().intermediates());
            }
        }
        Set<ExtendedKeyUsage> ekus = new LinkedHashSet<>();
        String dnsName = options.dnsName();
        if (options.usage() != null) {
            ekus.addAll(options.usage().requiredEkus());
            if (dnsName == null && options.ipAddress() == null && identity != null) {
                dnsName = identity.fqdnFor(options.usage());
            }
        }
        if (options.eku() != null) {
            ekus.add(options.eku());
        }
        Instant at = options.at() == null ? clock.instant() : options.at();
        ValidationRequest request = ValidationRequest.of(leaf, intermediates, anchors, at)
                .withName(dnsName, options.ipAddress())
                .withEkus(List.copyOf(ekus));
        PathResult result = PathValidator.validate(request);
        ChainReport report = new ChainAnalyzer(anchors, intermediates).analyze(leaf, at);
        List<Problem> problems = new ArrayList<>(malformed);
        if (!result.valid()) {
            // The analyzer names missing or untrusted CAs; the validator has the RFC 5280 verdict.
            for (Problem problem : report.problems()) {
                problems.add(problem);
            }
            for (Problem problem : result.problems()) {
                boolean structural =
                        problem.code().equals("PATH_INVALID") || problem.code().equals("NO_TRUST_ANCHOR");
                if (!(structural && !report.problems().isEmpty())) {
                    problems.add(problem);
                }
            }
        }
        return new Verdict(
                result.valid() && malformed.isEmpty(), Thumbprint.of(leaf).hex(), report.elements(), problems);
    }

    /** The certificates of one input, or the malformed certificate that made the reader refuse it. */
    private record Read(List<X509Certificate> certificates, Problem malformed, byte[] malformedDer) {
        void addTo(List<X509Certificate> into, List<Problem> problems) {
            into.addAll(certificates);
            if (malformed != null) {
                problems.add(malformed);
            }
        }
    }

    private static Read readAll(Path path) {
        try {
            return read(Files.readAllBytes(path), path.getFileName() + ": ");
        } catch (NoSuchFileException e) {
            throw CertwizException.notFound("no such file: " + path);
        } catch (IOException e) {
            throw CertwizException.error("cannot read " + path + ": " + e.getMessage());
        }
    }

    /** @param prefix what names the input in messages: "FILE: ", or nothing for content sent over the API */
    private static Read read(byte[] content, String prefix) {
        try {
            return new Read(CertificateReader.read(content, null).certificates(), null, null);
        } catch (CertwizException e) {
            MalformedCertificates.Found found = MalformedCertificates.first(content)
                    .orElseThrow(
                            () -> prefix.isEmpty() ? e : new CertwizException(e.failure(), prefix + e.getMessage()));
            return new Read(List.of(), new Problem("MALFORMED_CERTIFICATE", prefix + found.reason()), found.der());
        }
    }
}
