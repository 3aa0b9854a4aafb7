package io.certwiz.assignment;

import io.certwiz.Problem;
import io.certwiz.certificate.StoredCertificate;
import io.certwiz.crypto.KeyRecords;
import io.certwiz.crypto.StoredKey;
import io.certwiz.store.Transaction;
import io.certwiz.trust.ChainReport;
import io.certwiz.trust.TrustStore;
import io.certwiz.usage.ServerIdentity;
import io.certwiz.usage.ServerIdentityRecords;
import io.certwiz.usage.Usage;
import io.certwiz.x509.CertificateDetails;
import io.certwiz.x509.ExtendedKeyUsage;
import io.certwiz.x509.KeyType;
import io.certwiz.x509.SubjectAltName;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The checks a certificate must pass before it is assigned to usages: its private key is here and
 * matches, it is valid now, its chain ends in a trusted root, and for each usage its EKU fits and its
 * names cover the usage's FQDN. Each failure is one {@link Problem} with its fix.
 */
public final class AssignmentChecks {
    private final KeyRecords keys;
    private final ServerIdentityRecords identities;

    public AssignmentChecks(KeyRecords keys, ServerIdentityRecords identities) {
        this.keys = keys;
        this.identities = identities;
    }

    /**
     * The problems that keep {@code stored} from serving {@code usages}, with its chain report from
     * {@code chains} (called at most once, and not at all for a CA certificate), so that a caller who shows
     * the report as well analyses the chain only once.
     */
    public List<Problem> check(
            Transaction tx,
            StoredCertificate stored,
            List<Usage> usages,
            Function<X509Certificate, ChainReport> chains) {
        List<Problem> problems = new ArrayList<>();
        X509Certificate certificate = stored.certificate();
        if (CertificateDetails.isCa(certificate)) {
            problems.add(new Problem(
                    "IS_CA",
                    "this is a CA certificate, not a server certificate",
                    "assign the server certificate it issued"));
            return problems;
        }
        if (stored.store() != TrustStore.personal || stored.keyId() == null) {
            problems.add(new Problem(
                    "NO_PRIVATE_KEY",
                    "the certificate has no private key on this server",
                    "import it as a PFX with its key, or import the CA's reply to the request made here"));
        } else {
            StoredKey key = keys.find(tx, stored.keyId()).orElse(null);
            if (key == null
                    || !Arrays.equals(
                            key.publicKey(), certificate.getPublicKey().getEncoded())) {
                problems.add(new Problem(
                        "KEY_MISMATCH",
                        "the stored private key does not match the certificate",
                        "import the certificate with its own key"));
            }
        }
        ChainReport chain = chains.apply(certificate);
        problems.addAll(chain.problems());
        ServerIdentity identity = identities.identity(tx).orElse(null);
        List<SubjectAltName> sans = SubjectAltName.of(certificate);
        for (Usage usage : usages) {
            for (ExtendedKeyUsage eku : usage.requiredEkus()) {
                if (!eku.permittedBy(certificate)) {
                    problems.add(new Problem(
                            "EKU_MISSING",
                            usage.name() + " needs the " + eku.id()
                                    + " extended key usage, which the certificate lacks",
                            "request a certificate for " + usage.name()));
                }
            }
            if (usage == Usage.OAuthTokenIssuer) {
                if (certificate.getPublicKey().getAlgorithm().equals("RSA")
                        && KeyType.bitsOf(certificate.getPublicKey()) < 2048) {
                    problems.add(new Problem(
                            "KEY_TOO_SMALL",
                            "OAuthTokenIssuer needs an RSA key of at least 2048 bits",
                            "request a certificate with --key rsa-2048 or larger"));
                }
                boolean[] keyUsage = certificate.getKeyUsage();
                if (keyUsage != null && !keyUsage[0]) {
                    problems.add(new Problem(
                            "KEY_USAGE_MISSING",
                            "OAuthTokenIssuer signs tokens: the certificate lacks digitalSignature",
                            "request a certificate for OAuthTokenIssuer"));
                }
            }
            if (identity != null) {
                for (String name : namesFor(identity, usage)) {
                    if (sans.stream().noneMatch(san -> san.covers(name))) {
                        problems.add(new Problem(
                                "NAME_NOT_COVERED",
                                usage.name() + " serves " + name + ", which the certificate's SANs do not cover",
                                "request a certificate for " + usage.name() + " (or add --san dns:" + name + ")"));
                    }
                }
            }
        }
        return dedupe(problems);
    }

    /** The names a certificate must cover to serve a usage on this server. */
    static List<String> namesFor(ServerIdentity identity, Usage usage) {
        return switch (usage) {
            case Default -> List.copyOf(new LinkedHashSet<>(List.of(identity.poolFqdn(), identity.fqdn())));
            case WebServicesInternal -> List.of(identity.webInternalFqdn());
            case WebServicesExternal -> List.of(identity.webExternalFqdn());
            case OAuthTokenIssuer -> List.of();
        };
    }

    private static List<Problem> dedupe(List<Problem> problems) {
        Set<String> seen = new LinkedHashSet<>();
        List<Problem> out = new ArrayList<>();
        for (Problem problem : problems) {
            if (seen.add(problem.code() + "\u0000" + problem.message())) {
                out.add(problem);
            }
        }
        return out;
    }
}
