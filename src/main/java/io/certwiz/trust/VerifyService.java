package io.certwiz.trust;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.certwiz.certificate.HeldCertificates;
import io.certwiz.store.Store;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.ServerIdentityRecords;
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
    private final HeldCertificates held;
    private final ServerIdentityRecords identities;
    private final Clock clock;

    public VerifyService(Store store, HeldCertificates held, ServerIdentityRecords identities, Clock clock) {
        this.store = store;
        this.held = held;
        this.identities = identities;
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
        List<X509Certificate> fromTarget = new ArrayList<>();
        X509Certificate leaf = load(target, fromTarget);
        return verify(leaf, fromTarget, options);
    }

    /** Validates a stored certificate, named by thumbprint or usage; never reads files (for the API). */
    public Verdict verifyStored(String reference, Options options) {
        X509Certificate leaf = store.read(tx -> held.resolve(tx, reference)).certificate();
        return verify(leaf, List.of(), options);
    }

    /** Validates certificate content (a leaf and the certificates sent with it) received over the API. */
    public Verdict verifyBytes(byte[] certificates, Options options) {
        List<X509Certificate> all = CertificateReader.read(certificates, null).certificates();
        return verify(all.getFirst(), all.subList(1, all.size()), options);
    }

    private Verdict verify(X509Certificate leaf, List<X509Certificate> fromTarget, Options options) {
        List<X509Certificate> intermediates = new ArrayList<>(fromTarget);
        for (Path path : options.untrusted()) {
            intermediates.addAll(readAll(path));
        }
        List<X509Certificate> anchors = new ArrayList<>();
        boolean useStores = options.trusted().isEmpty();
        for (Path path : options.trusted()) {
            anchors.addAll(readAll(path));
        }
        ServerIdentity identity = null;
        if (useStores || options.usage() != null) {
            record Loaded(TrustSnapshot trust, ServerIdentity identity) {}
            Loaded loaded = store.read(
                    tx -> new Loaded(held.trust(tx), identities.identity(tx).orElse(null)));
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
        List<Problem> problems = new ArrayList<>();
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
        return new Verdict(result.valid(), Thumbprint.of(leaf).hex(), report.elements(), problems);
    }

    private X509Certificate load(String target, List<X509Certificate> extra) {
        Path path = Path.of(target);
        if (Files.exists(path)) {
            List<X509Certificate> certificates = readAll(path);
            extra.addAll(certificates.subList(1, certificates.size()));
            return certificates.getFirst();
        }
        if (Thumbprint.looksLike(target) || !target.contains("/") && !target.contains(".")) {
            return store.read(tx -> held.resolve(tx, target)).certificate();
        }
        throw CertwizException.notFound("no such file or thumbprint: " + target);
    }

    private static List<X509Certificate> readAll(Path path) {
        try {
            return CertificateReader.read(Files.readAllBytes(path), null).certificates();
        } catch (NoSuchFileException e) {
            throw CertwizException.notFound("no such file: " + path);
        } catch (IOException e) {
            throw CertwizException.error("cannot read " + path + ": " + e.getMessage());
        } catch (CertwizException e) {
            throw new CertwizException(e.failure(), path.getFileName() + ": " + e.getMessage());
        }
    }
}
