package io.certwiz.limbo;

import io.certwiz.revocation.Fetcher;
import io.certwiz.revocation.LocalStatus;
import io.certwiz.revocation.Revocation;
import io.certwiz.revocation.RevocationChecker;
import io.certwiz.revocation.RevocationPolicy;
import io.certwiz.revocation.RevocationSources;
import io.certwiz.trust.PathResult;
import io.certwiz.trust.PathValidator;
import io.certwiz.trust.ValidationRequest;
import io.certwiz.x509.CertificateReader;
import io.certwiz.x509.ExtendedKeyUsage;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Maps an x509-limbo case onto what {@code certwiz verify} does — {@code --trusted} (the case's trusted
 * certificates), {@code --untrusted} (its intermediates), {@code --at}, {@code --dns-name}/{@code --ip},
 * {@code --eku} — runs {@link PathValidator} and classifies the verdict against the expected result.
 *
 * <p>Mapping: a SERVER case requires serverAuth (and a CLIENT case clientAuth) on the leaf besides the
 * case's own {@code extended_key_usage}, like a TLS peer; a DNS or IP {@code expected_peer_name} is the
 * name to check. CLIENT cases name RFC 822 peers, which certwiz does not match (it has no e-mail names),
 * so they are validated without a name, as {@code certwiz verify --eku clientAuth} would. A certificate
 * that certwiz's reader refuses is a rejection, as it is for the command (a malformed certificate makes
 * its verdict invalid, exit 3; {@link X509LimboTest} runs those cases through the command). A case with
 * CRLs is checked for revocation as {@code verify --crl FILE... --revocation hard --no-crl-fetch} does;
 * the others without (they give no CRL, and their certificates name no distribution point).
 */
public final class LimboHarness {
    /** Features certwiz does not support; their cases are skipped with this reason. */
    static final Map<String, String> UNSUPPORTED_FEATURES = Map.of();

    /** The key usage names limbo uses (RFC 5280's). */
    static final Set<String> KEY_USAGES = Set.of(
            "digitalSignature",
            "contentCommitment",
            "keyEncipherment",
            "dataEncipherment",
            "keyAgreement",
            "keyCertSign",
            "cRLSign",
            "encipherOnly",
            "decipherOnly");

    public enum Actual {
        SUCCESS,
        FAILURE,
        SKIPPED
    }

    public enum Verdict {
        CORRECT_ACCEPT,
        CORRECT_REJECT,
        WRONG_ACCEPT,
        WRONG_REJECT,
        SKIPPED;

        public boolean correct() {
            return this == CORRECT_ACCEPT || this == CORRECT_REJECT;
        }
    }

    /** The result of one case: what certwiz said, how that compares, and why (the first problem). */
    public record Outcome(LimboCase testCase, Actual actual, Verdict verdict, String context, long nanos) {
        public String id() {
            return testCase.id();
        }
    }

    /** How the context of a case names a certificate that certwiz's reader refuses. */
    static final String REFUSED_BY_THE_READER = "is refused by the reader";

    /** The checker verify uses, without the embedded CA's ledger, a store or the network. */
    public static final RevocationChecker REVOCATION = new RevocationChecker(
            LocalStatus.NONE,
            new RevocationSources(
                    new io.certwiz.testing.AbsentStore(),
                    new io.certwiz.store.jdbc.SqlRevocationCache(),
                    Fetcher.NONE,
                    java.time.Clock.systemUTC()),
            (c, intermediates, anchors, at) -> PathValidator.validate(
                            ValidationRequest.of(c, intermediates, anchors, at))
                    .valid());

    private final Instant now;
    private final Map<String, Object> parsed = new ConcurrentHashMap<>();

    /** @param now the time for cases without a {@code validation_time} */
    public LimboHarness(Instant now) {
        this.now = now;
    }

    public Outcome run(LimboCase testCase) {
        long start = System.nanoTime();
        String skip = skipReason(testCase);
        if (skip != null) {
            return new Outcome(testCase, Actual.SKIPPED, Verdict.SKIPPED, skip, System.nanoTime() - start);
        }
        Actual actual;
        String context;
        try {
            ValidationRequest request = request(testCase);
            PathResult result = PathValidator.validate(request);
            actual = result.valid() ? Actual.SUCCESS : Actual.FAILURE;
            context = result.valid()
                    ? null
                    : result.problems().stream()
                            .map(p -> p.code() + ": " + p.message())
                            .collect(Collectors.joining("; "));
            if (result.valid() && !testCase.crls().isEmpty()) {
                // As verify --crl FILE... --revocation hard --no-crl-fetch: the case's CRLs and no others.
                Revocation revocation = REVOCATION.check(
                        result.path(),
                        request.intermediates(),
                        request.anchors(),
                        request.at(),
                        new RevocationChecker.Options(RevocationPolicy.hard, crls(testCase), false, false));
                if (revocation.problem() != null) {
                    actual = Actual.FAILURE;
                    context = revocation.problem().code() + ": "
                            + revocation.problem().message();
                }
            }
        } catch (Rejected e) {
            actual = Actual.FAILURE;
            context = e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            actual = Actual.FAILURE;
            context = "CRASH " + e;
        }
        return new Outcome(testCase, actual, classify(testCase, actual), context, System.nanoTime() - start);
    }

    static Verdict classify(LimboCase testCase, Actual actual) {
        return switch (actual) {
            case SKIPPED -> Verdict.SKIPPED;
            case SUCCESS -> testCase.expectsSuccess() ? Verdict.CORRECT_ACCEPT : Verdict.WRONG_ACCEPT;
            case FAILURE -> testCase.expectsSuccess() ? Verdict.WRONG_REJECT : Verdict.CORRECT_REJECT;
        };
    }

    static String skipReason(LimboCase testCase) {
        for (String feature : testCase.features()) {
            String reason = UNSUPPORTED_FEATURES.get(feature);
            if (reason != null) {
                return "feature " + feature + ": " + reason;
            }
        }
        if (!testCase.signatureAlgorithms().isEmpty()) {
            return "custom signature algorithms are not an option of certwiz verify";
        }
        for (String usage : testCase.keyUsage()) {
            if (!KEY_USAGES.contains(usage)) {
                return "key usage " + usage + " is not known";
            }
        }
        if (!"SERVER".equals(testCase.validationKind()) && !"CLIENT".equals(testCase.validationKind())) {
            return "validation kind " + testCase.validationKind();
        }
        LimboCase.PeerName name = testCase.expectedPeerName();
        if (name != null && !name.kind().equals("DNS") && !name.kind().equals("IP")) {
            return "peer name kind " + name.kind() + " is not matched by certwiz";
        }
        for (String eku : testCase.extendedKeyUsage()) {
            if (ekuOf(eku) == null) {
                return "extended key usage " + eku + " is not an option of certwiz verify";
            }
        }
        return null;
    }

    ValidationRequest request(LimboCase testCase) {
        X509Certificate leaf =
                parse(testCase.peerCertificate(), "peer certificate").getFirst();
        List<X509Certificate> intermediates = new ArrayList<>();
        for (String pem : testCase.untrustedIntermediates()) {
            intermediates.addAll(parse(pem, "untrusted intermediate"));
        }
        List<X509Certificate> anchors = new ArrayList<>();
        for (String pem : testCase.trustedCerts()) {
            anchors.addAll(parse(pem, "trusted certificate"));
        }
        Instant at = now;
        if (testCase.validationTime() != null) {
            try {
                at = OffsetDateTime.parse(testCase.validationTime()).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("bad validation_time " + testCase.validationTime(), e);
            }
        }
        Set<ExtendedKeyUsage> ekus = new LinkedHashSet<>();
        ekus.add(
                "CLIENT".equals(testCase.validationKind())
                        ? ExtendedKeyUsage.CLIENT_AUTH
                        : ExtendedKeyUsage.SERVER_AUTH);
        for (String eku : testCase.extendedKeyUsage()) {
            ExtendedKeyUsage mapped = ekuOf(eku);
            if (mapped != null) {
                ekus.add(mapped);
            }
        }
        String dnsName = null;
        String ipAddress = null;
        LimboCase.PeerName name = testCase.expectedPeerName();
        if (name != null && "SERVER".equals(testCase.validationKind())) {
            if (name.kind().equals("DNS")) {
                dnsName = name.value();
            } else if (name.kind().equals("IP")) {
                ipAddress = name.value();
            }
        }
        return ValidationRequest.of(leaf, intermediates, anchors, at)
                .withName(dnsName, ipAddress)
                .withEkus(List.copyOf(ekus))
                .withMaxChainDepth(testCase.maxChainDepth())
                .withKeyUsages(testCase.keyUsage());
    }

    private static ExtendedKeyUsage ekuOf(String limboName) {
        for (ExtendedKeyUsage eku : ExtendedKeyUsage.values()) {
            if (eku.id().equalsIgnoreCase(limboName)) {
                return eku;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private List<X509Certificate> parse(String pem, String what) {
        Object value = parsed.computeIfAbsent(pem, text -> {
            try {
                List<X509Certificate> certificates = CertificateReader.read(
                                text.getBytes(StandardCharsets.US_ASCII), null)
                        .certificates();
                return certificates.isEmpty() ? "no certificate in the PEM" : certificates;
            } catch (RuntimeException e) {
                return String.valueOf(e.getMessage());
            }
        });
        if (value instanceof String message) {
            throw new Rejected("the " + what + " " + REFUSED_BY_THE_READER + ": " + message);
        }
        return (List<X509Certificate>) value;
    }

    private static List<X509CRL> crls(LimboCase testCase) {
        List<X509CRL> crls = new ArrayList<>();
        for (String pem : testCase.crls()) {
            try {
                crls.addAll(RevocationSources.parseCrls(pem.getBytes(StandardCharsets.US_ASCII)));
            } catch (java.io.IOException e) {
                throw new Rejected("a CRL is refused by the reader: " + e.getMessage());
            }
        }
        return crls;
    }

    /** A case certwiz refuses before validation (as {@code verify} would, reading its files). */
    static final class Rejected extends RuntimeException {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }
}
