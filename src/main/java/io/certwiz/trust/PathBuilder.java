package io.certwiz.trust;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds candidate paths from a leaf to a trust anchor, depth first, and hands each to a verifier until
 * one passes: a certificate's issuers are the trust anchors and intermediates whose subject is its
 * issuer name, whose key identifier does not contradict its authority key identifier, and whose key
 * verifies its signature. Anchors are tried before intermediates, a path never repeats a certificate or
 * a subject and key, and the search is bounded (depth, signature checks, candidate paths), so that
 * hostile certificate sets cannot make it run long.
 */
final class PathBuilder {
    /** The most intermediates a path may have, whatever the caller allows. */
    static final int MAX_INTERMEDIATES = 12;

    static final int MAX_SIGNATURE_CHECKS = 256;
    static final int MAX_CANDIDATE_PATHS = 256;

    /** Judges a complete candidate path: the reasons it fails, empty when it is valid. */
    interface Verifier {
        List<String> verify(List<CertView> chain, CertView anchor);
    }

    /** The valid path (leaf first, without the anchor) and its anchor, or the reasons none was found. */
    record Outcome(List<CertView> chain, CertView anchor, List<String> problems) {
        boolean valid() {
            return chain != null;
        }
    }

    private record Edge(CertView child, CertView issuer) {}

    private final List<CertView> anchors;
    private final List<CertView> intermediates;
    private final Integer maxChainDepth;
    private final Verifier verifier;
    private final Map<Edge, Boolean> signatures = new HashMap<>();

    private int signatureChecks;
    private int candidatePaths;
    private boolean exhausted;
    private List<String> firstProblems;
    private CertView deadEnd;
    private int deadEndDepth = -1;

    PathBuilder(List<CertView> anchors, List<CertView> intermediates, Integer maxChainDepth, Verifier verifier) {
        this.anchors = anchors;
        this.intermediates = intermediates;
        this.maxChainDepth = maxChainDepth;
        this.verifier = verifier;
    }

    Outcome build(CertView leaf) {
        for (CertView anchor : anchors) {
            if (anchor.sameCertificate(leaf)) {
                // The leaf itself is trusted (a self-signed server certificate, say): nothing to build.
                List<String> problems = verifier.verify(List.of(leaf), null);
                if (problems.isEmpty()) {
                    return new Outcome(List.of(leaf), null, List.of());
                }
                firstProblems = problems;
            }
        }
        List<CertView> chain = new ArrayList<>();
        chain.add(leaf);
        Outcome found = extend(chain);
        if (found != null) {
            return found;
        }
        List<String> problems = new ArrayList<>();
        if (exhausted) {
            problems.add("path building gave up after " + signatureChecks + " signature checks and " + candidatePaths
                    + " candidate paths");
        }
        if (firstProblems != null) {
            problems.addAll(firstProblems);
        } else if (!exhausted) {
            problems.add(noPathReason(deadEnd == null ? leaf : deadEnd));
        }
        return new Outcome(null, null, problems);
    }

    private Outcome extend(List<CertView> chain) {
        CertView current = chain.getLast();
        boolean issuerFound = false;
        for (CertView anchor : anchors) {
            if (exhausted) {
                return null;
            }
            if (issues(anchor, current)) {
                issuerFound = true;
                candidatePaths++;
                List<String> problems = verifier.verify(List.copyOf(chain), anchor);
                if (problems.isEmpty()) {
                    return new Outcome(List.copyOf(chain), anchor, List.of());
                }
                if (firstProblems == null) {
                    firstProblems = problems;
                }
                if (candidatePaths >= MAX_CANDIDATE_PATHS) {
                    exhausted = true;
                    return null;
                }
            }
        }
        if (chain.size() - 1 >= MAX_INTERMEDIATES) {
            return null;
        }
        for (CertView intermediate : intermediates) {
            if (exhausted) {
                return null;
            }
            if (onPath(chain, intermediate) || isAnchor(intermediate) || tooDeep(chain, intermediate)) {
                continue;
            }
            if (issues(intermediate, current)) {
                issuerFound = true;
                chain.add(intermediate);
                Outcome found = extend(chain);
                chain.removeLast();
                if (found != null) {
                    return found;
                }
            }
        }
        if (!issuerFound && chain.size() > deadEndDepth) {
            deadEnd = current;
            deadEndDepth = chain.size();
        }
        return null;
    }

    private boolean issues(CertView issuer, CertView child) {
        if (!issuer.subject.equals(child.issuer)) {
            return false;
        }
        if (child.authorityKeyId != null
                && child.authorityKeyId.getKeyIdentifierObject() != null
                && issuer.subjectKeyId != null
                && !Arrays.equals(child.authorityKeyId.getKeyIdentifierOctets(), issuer.subjectKeyId)) {
            return false;
        }
        Edge edge = new Edge(child, issuer);
        Boolean known = signatures.get(edge);
        if (known != null) {
            return known;
        }
        if (++signatureChecks > MAX_SIGNATURE_CHECKS) {
            exhausted = true;
            return false;
        }
        boolean verified = child.signedBy(issuer);
        signatures.put(edge, verified);
        return verified;
    }

    private static boolean onPath(List<CertView> chain, CertView candidate) {
        for (CertView certificate : chain) {
            if (certificate.sameCertificate(candidate) || certificate.sameSubjectAndKey(candidate)) {
                return true;
            }
        }
        return false;
    }

    private boolean isAnchor(CertView candidate) {
        for (CertView anchor : anchors) {
            if (anchor.sameCertificate(candidate)) {
                return true;
            }
        }
        return false;
    }

    /** Whether adding the candidate would exceed the caller's limit of (non-self-issued) intermediates. */
    private boolean tooDeep(List<CertView> chain, CertView candidate) {
        if (maxChainDepth == null) {
            return false;
        }
        int count = candidate.selfIssued ? 0 : 1;
        for (int i = 1; i < chain.size(); i++) {
            if (!chain.get(i).selfIssued) {
                count++;
            }
        }
        return count > maxChainDepth;
    }

    private static String noPathReason(CertView last) {
        if (last.selfIssued) {
            return "the certificate " + last.name() + " is self-issued and not trusted";
        }
        return "no trusted or intermediate certificate issued " + last.name() + " (issuer " + last.issuer.getName()
                + ")";
    }
}
