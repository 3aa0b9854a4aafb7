package io.certwiz.trust;

import io.certwiz.trust.CertificateProfile.Role;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Verifies one candidate path (the signatures are checked while it is built): each certificate against
 * {@link CertificateProfile} for its role and at the validation time, then what depends on the path:
 * path length constraints (the trust anchor's included), the caller's maximum depth, the extended key
 * usages of CAs, name constraints (the trust anchor's included) and certificate policies.
 */
final class ChainVerifier implements PathBuilder.Verifier {
    static final String ANY_EKU = "2.5.29.37.0";

    private record Key(CertView certificate, Role role) {}

    private final Instant at;
    private final List<String> requiredEkus;
    private final Integer maxChainDepth;
    private final Map<Key, List<String>> profiles = new HashMap<>();
    /** One checker for every candidate path, so that its work budget bounds the whole validation. */
    private final NameConstraintChecker names = new NameConstraintChecker();

    ChainVerifier(Instant at, List<String> requiredEkus, Integer maxChainDepth) {
        this.at = at;
        this.requiredEkus = requiredEkus;
        this.maxChainDepth = maxChainDepth;
    }

    @Override
    public List<String> verify(List<CertView> chain, CertView anchor) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < chain.size(); i++) {
            problems.addAll(profile(chain.get(i), i == 0 ? Role.LEAF : Role.INTERMEDIATE));
        }
        if (anchor != null) {
            problems.addAll(profile(anchor, Role.ANCHOR));
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        // Path length: a CA's pathLenConstraint bounds the non-self-issued intermediates below it.
        List<CertView> issuers = new ArrayList<>(chain.subList(1, chain.size()));
        if (anchor != null) {
            issuers.add(anchor);
        }
        int below = 0; // non-self-issued intermediates below issuers.get(k)
        for (CertView ca : issuers) {
            BigInteger limit = ca.pathLength();
            if (limit != null && BigInteger.valueOf(below).compareTo(limit) > 0) {
                return List.of("the path length constraint of " + ca.name() + " (" + limit + ") allows fewer than the "
                        + below + " intermediate certificates below it");
            }
            below += ca.selfIssued ? 0 : 1;
        }
        if (maxChainDepth != null) {
            long depth = chain.subList(1, chain.size()).stream()
                    .filter(c -> !c.selfIssued)
                    .count();
            if (depth > maxChainDepth) {
                return List.of("the path has " + depth + " intermediate certificates, more than the " + maxChainDepth
                        + " allowed");
            }
        }
        // CAs (the trust anchor included) that restrict their extended key usages must allow the ones asked for.
        if (!requiredEkus.isEmpty()) {
            for (CertView ca : issuers) {
                if (ca.extendedKeyUsages != null && !ca.extendedKeyUsages.contains(ANY_EKU)) {
                    for (String eku : requiredEkus) {
                        if (!ca.extendedKeyUsages.contains(eku)) {
                            return List.of("the CA certificate " + ca.name() + " does not allow the extended key usage "
                                    + io.certwiz.x509.ExtendedKeyUsage.nameOf(eku));
                        }
                    }
                }
            }
        }
        // Name constraints of every CA above, the anchor's included; self-issued intermediates are exempt.
        for (int i = 0; i < chain.size(); i++) {
            CertView certificate = chain.get(i);
            if (i > 0 && certificate.selfIssued) {
                continue;
            }
            for (CertView ca : issuers.subList(i, issuers.size())) {
                String problem;
                try {
                    problem = names.check(certificate, ca);
                } catch (RuntimeException e) {
                    problem = "cannot apply the name constraints of " + ca.name() + ": " + e.getMessage();
                }
                if (problem != null) {
                    return List.of(problem);
                }
            }
        }
        // Certificate policies, from the certificate the anchor issued down to the leaf.
        List<CertView> downward = new ArrayList<>(chain.reversed());
        String policy = PolicyTree.check(downward);
        if (policy != null) {
            return List.of(policy);
        }
        return List.of();
    }

    private List<String> profile(CertView certificate, Role role) {
        return profiles.computeIfAbsent(
                new Key(certificate, role),
                k -> CertificateProfile.check(certificate, role, at, !requiredEkus.isEmpty()));
    }
}
