package io.certwiz.certificate;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.certwiz.CertwizException;
import io.certwiz.Problem;
import io.certwiz.revocation.Fetcher;
import io.certwiz.revocation.Revocation;
import io.certwiz.revocation.RevocationChecker;
import io.certwiz.revocation.RevocationPolicy;
import io.certwiz.store.Store;
import io.certwiz.trust.AiaIssuers;
import io.certwiz.trust.ChainAnalyzer;
import io.certwiz.trust.ChainReport;
import io.certwiz.trust.MalformedCertificates;
import io.certwiz.trust.PathResult;
import io.certwiz.trust.PathValidator;
import io.certwiz.trust.TrustSnapshot;
import io.certwiz.trust.ValidationRequest;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.ServerIdentityRecords;
import io.certwiz.usage.Usage;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.ExtendedKeyUsage;
import io.certwiz.x509.Thumbprint;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code certwiz verify}: RFC 5280 path validation of a stored certificate or of certificate file
 * content, with name and EKU checks; against the stores, or only against {@code trusted} roots like
 * {@code openssl verify -CAfile}.
 */
public final class VerifyService {
    private final Store store;
    private final HeldCertificates held;
    private final ServerIdentityRecords identities;
    private final Clock clock;
    private final RevocationChecker revocation;
    private final Fetcher fetcher;

    public VerifyService(
            Store store,
            HeldCertificates held,
            ServerIdentityRecords identities,
            Clock clock,
            RevocationChecker revocation,
            Fetcher fetcher) {
        this.store = store;
        this.held = held;
        this.identities = identities;
        this.clock = clock;
        this.revocation = revocation;
        this.fetcher = fetcher;
    }

    /** What to check: {@code trusted} roots instead of the stores when not empty, and intermediates to use. */
    public record Options(
            Usage usage,
            List<X509Certificate> trusted,
            List<X509Certificate> untrusted,
            Instant at,
            String dnsName,
            String ipAddress,
            ExtendedKeyUsage eku,
            List<Problem> malformed,
            RevocationChecker.Options revocation,
            boolean fetchAia) {
        public Options {
            // A name to check that is no name is bad usage on every face, not a failed check.
            if (dnsName != null
                    && (dnsName.isBlank()
                            || dnsName.strip()
                                    .chars()
                                    .anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)))) {
                throw CertwizException.badUsage("the DNS name to check is no host name: '" + dnsName + "'");
            }
            if (ipAddress != null) {
                try {
                    io.certwiz.x509.SubjectAltName.ip(ipAddress);
                } catch (CertwizException e) {
                    throw CertwizException.badUsage(
                            "the IP address to check is no IPv4 or IPv6 address: '" + ipAddress + "'");
                }
            }
            trusted = List.copyOf(trusted);
            untrusted = List.copyOf(untrusted);
            malformed = List.copyOf(malformed);
            revocation = revocation == null ? RevocationChecker.Options.of(DEFAULT_POLICY) : revocation;
        }

        /**
         * Checks against {@code trusted} alone, now, for no usage, name or EKU, with the default
         * revocation check and nothing fetched by AIA.
         */
        public static Options trusting(List<X509Certificate> trusted) {
            return new Options(null, trusted, List.of(), null, null, null, null, List.of(), null, false);
        }
    }

    /**
     * The certificates of one input, or the malformed certificate that made the reader refuse it (shaped
     * as a certificate, refused by the parsers): {@code verify} judges that invalid rather than an error.
     */
    public record Input(List<X509Certificate> certificates, Problem malformed, byte[] malformedDer) {}

    /** Reads certificate content leniently (see {@link Input}); {@code name} (when not null) names it. */
    public static Input input(byte[] content, String name) {
        String prefix = name == null ? "" : name + ": ";
        try {
            return new Input(CertificateReader.read(content, null).certificates(), null, null);
        } catch (CertwizException e) {
            MalformedCertificates.Found found = MalformedCertificates.first(content)
                    .orElseThrow(() -> name == null ? e : new CertwizException(e.failure(), prefix + e.getMessage()));
            return new Input(List.of(), new Problem("MALFORMED_CERTIFICATE", prefix + found.reason()), found.der());
        }
    }

    /**
     * The verdict; {@code warnings} are what a soft-fail revocation check let through, {@code revocation}
     * the check itself (absent when the certificate could not be read).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Verdict(
            boolean valid,
            String thumbprint,
            List<ChainReport.ChainElement> chain,
            List<Problem> problems,
            boolean chainTrusted,
            List<Problem> warnings,
            Revocation revocation,
            List<FetchedIssuer> fetched) {
        public Verdict(
                boolean valid,
                String thumbprint,
                List<ChainReport.ChainElement> chain,
                List<Problem> problems,
                boolean chainTrusted) {
            this(valid, thumbprint, chain, problems, chainTrusted, List.of(), null, null);
        }
    }

    /** What the leaf must fit (names, EKU, key usage): a failure of these leaves its path trusted. */
    private static final java.util.Set<String> FITNESS =
            java.util.Set.of("NAME_NOT_COVERED", "EKU_MISSING", "KEY_USAGE_MISSING");

    /** An intermediate {@code --fetch-aia} fetched from a caIssuers URL (used for this verdict, not stored). */
    public record FetchedIssuer(String thumbprint, String subject, String url) {}

    /** The revocation policy of verify when none is given. */
    public static final RevocationPolicy DEFAULT_POLICY = RevocationPolicy.soft;

    /** A stored certificate, named by thumbprint or usage. */
    public X509Certificate stored(String reference) {
        return store.read(tx -> held.resolve(tx, reference, clock.instant())).certificate();
    }

    /** Validates a stored certificate, named by thumbprint or usage. */
    public Verdict verifyStored(String reference, Options options) {
        return verify(stored(reference), List.of(), options);
    }

    /**
     * Validates the first certificate in certificate file content, with the certificates after it as
     * intermediates; {@code name} (when not null) names the content in errors.
     */
    public Verdict verifyBytes(byte[] content, String name, Options options) {
        Input input = input(content, name);
        if (input.malformed() != null) {
            List<Problem> problems = new ArrayList<>(options.malformed());
            problems.addFirst(input.malformed());
            return new Verdict(false, Thumbprint.of(input.malformedDer()).hex(), List.of(), problems, false);
        }
        List<X509Certificate> all = input.certificates();
        return verify(all.getFirst(), all.subList(1, all.size()), options);
    }

    /** The certificates in file content (PEM, DER or PKCS#7); {@code name} (when not null) names it in errors. */
    public static List<X509Certificate> certificates(byte[] content, String name) {
        try {
            return CertificateReader.read(content, null).certificates();
        } catch (CertwizException e) {
            throw name == null ? e : new CertwizException(e.failure(), name + ": " + e.getMessage());
        }
    }

    /** Validates {@code leaf}, with the certificates that came with it as intermediates it may use. */
    public Verdict verify(X509Certificate leaf, List<X509Certificate> sentWith, Options options) {
        List<X509Certificate> intermediates = new ArrayList<>(sentWith);
        intermediates.addAll(options.untrusted());
        List<X509Certificate> anchors = new ArrayList<>(options.trusted());
        boolean useStores = anchors.isEmpty();
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
        List<Problem> warnings = new ArrayList<>();
        List<FetchedIssuer> fetched = null;
        if (options.fetchAia()) {
            List<X509Certificate> known = new ArrayList<>(intermediates);
            known.addAll(anchors);
            AiaIssuers.Result result = AiaIssuers.fetch(leaf, known, fetcher);
            fetched = new ArrayList<>();
            for (AiaIssuers.Fetched one : result.fetched()) {
                intermediates.add(one.certificate());
                fetched.add(new FetchedIssuer(
                        Thumbprint.of(one.certificate()).hex(),
                        one.certificate().getSubjectX500Principal().getName(),
                        one.url()));
            }
            warnings.addAll(result.problems());
        }
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
        problems.addAll(options.malformed());
        Revocation checked = result.valid()
                ? revocation.check(result.path(), intermediates, anchors, at, options.revocation())
                : Revocation.notChecked(options.revocation().policy(), "there is no valid path to check");
        if (checked.problem() != null) {
            problems.add(checked.problem());
        }
        if (checked.warning() != null) {
            warnings.add(checked.warning());
        }
        boolean chainTrusted = report.problems().isEmpty()
                && checked.problem() == null
                && result.problems().stream().allMatch(p -> FITNESS.contains(p.code()));
        return new Verdict(
                result.valid() && options.malformed().isEmpty() && checked.problem() == null,
                Thumbprint.of(leaf).hex(),
                report.elements(),
                problems,
                chainTrusted,
                warnings,
                checked,
                fetched);
    }
}
