package io.certwiz.trust;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.PolicyConstraints;
import org.bouncycastle.asn1.x509.PolicyInformation;

/**
 * RFC 5280 6.1 certificate policy processing with the usual initial inputs (user-initial-policy-set
 * {anyPolicy}, no explicit policy, mapping and anyPolicy allowed): the valid_policy_tree, policy
 * mappings, and the policy constraints and inhibitAnyPolicy counters. With those inputs a path fails only
 * when a CA demands an explicit policy (requireExplicitPolicy) and the tree is empty, or when a mapping
 * involves anyPolicy. The tree is bounded in size.
 */
final class PolicyTree {
    static final String ANY_POLICY = "2.5.29.32.0";
    static final int MAX_NODES = 1_000;

    private static final class Node {
        final String policy;
        Set<String> expected;
        final Node parent;
        final List<Node> children = new ArrayList<>();

        Node(String policy, Set<String> expected, Node parent) {
            this.policy = policy;
            this.expected = expected;
            this.parent = parent;
            if (parent != null) {
                parent.children.add(this);
            }
        }
    }

    private PolicyTree() {}

    /**
     * Processes the path from the certificate issued by the trust anchor (index 0) down to the leaf (the
     * last); returns why the policies fail, or null.
     */
    static String check(List<CertView> path) {
        int n = path.size();
        int explicitPolicy = n + 1;
        int inhibitAnyPolicy = n + 1;
        int policyMapping = n + 1;
        Node root = new Node(ANY_POLICY, Set.of(ANY_POLICY), null);
        List<Node> level = new ArrayList<>(List.of(root)); // the nodes of depth i-1
        int nodes = 1;
        for (int i = 1; i <= n; i++) {
            CertView certificate = path.get(i - 1);
            boolean last = i == n;
            Map<String, Boolean> policies;
            try {
                policies = policies(certificate);
            } catch (RuntimeException e) {
                return certificate.name() + " has malformed certificate policies";
            }
            // (d) and (e)
            List<Node> next = new ArrayList<>();
            if (policies != null && root != null) {
                for (String policy : policies.keySet()) {
                    if (policy.equals(ANY_POLICY)) {
                        continue;
                    }
                    boolean matched = false;
                    for (Node node : level) {
                        if (node.expected.contains(policy)) {
                            next.add(new Node(policy, Set.of(policy), node));
                            matched = true;
                        }
                    }
                    if (!matched) {
                        for (Node node : level) {
                            if (node.policy.equals(ANY_POLICY)) {
                                next.add(new Node(policy, Set.of(policy), node));
                            }
                        }
                    }
                }
                if (policies.containsKey(ANY_POLICY) && (inhibitAnyPolicy > 0 || (!last && certificate.selfIssued))) {
                    for (Node node : level) {
                        Set<String> present = new HashSet<>();
                        for (Node child : node.children) {
                            present.add(child.policy);
                        }
                        for (String policy : node.expected) {
                            if (!present.contains(policy)) {
                                next.add(new Node(policy, Set.of(policy), node));
                            }
                        }
                    }
                }
                nodes += next.size();
                if (nodes > MAX_NODES) {
                    return "the certificate policies grow beyond " + MAX_NODES
                            + " nodes (refused as a denial of service)";
                }
                root = prune(root, next);
            } else {
                root = null;
            }
            level = root == null ? List.of() : next;
            // (f)
            if (explicitPolicy == 0 && root == null) {
                return "no valid certificate policy at " + certificate.name() + " and an explicit policy is required";
            }
            if (last) {
                break;
            }
            // preparation for the next certificate: (a) and (b)
            Extension mappingsExtension = certificate.extension(Extension.policyMappings);
            if (mappingsExtension != null) {
                Map<String, Set<String>> mappings;
                try {
                    mappings = mappings(mappingsExtension);
                } catch (RuntimeException e) {
                    return certificate.name() + " has malformed policy mappings";
                }
                if (mappings.containsKey(ANY_POLICY)
                        || mappings.values().stream().anyMatch(s -> s.contains(ANY_POLICY))) {
                    return certificate.name() + " maps anyPolicy";
                }
                if (root != null) {
                    for (Map.Entry<String, Set<String>> mapping : mappings.entrySet()) {
                        String issuerPolicy = mapping.getKey();
                        if (policyMapping > 0) {
                            boolean found = false;
                            for (Node node : level) {
                                if (node.policy.equals(issuerPolicy)) {
                                    node.expected = mapping.getValue();
                                    found = true;
                                }
                            }
                            if (!found) {
                                for (Node node : List.copyOf(level)) {
                                    if (node.policy.equals(ANY_POLICY)) {
                                        level.add(new Node(issuerPolicy, mapping.getValue(), node.parent));
                                        nodes++;
                                    }
                                }
                            }
                        } else {
                            level.removeIf(node -> {
                                if (node.policy.equals(issuerPolicy)) {
                                    node.parent.children.remove(node);
                                    return true;
                                }
                                return false;
                            });
                            root = prune(root, level);
                            if (root == null) {
                                level = List.of();
                            }
                        }
                    }
                }
            }
            // (h), (i), (j)
            if (!certificate.selfIssued) {
                explicitPolicy = Math.max(0, explicitPolicy - 1);
                policyMapping = Math.max(0, policyMapping - 1);
                inhibitAnyPolicy = Math.max(0, inhibitAnyPolicy - 1);
            }
            Extension constraintsExtension = certificate.extension(Extension.policyConstraints);
            if (constraintsExtension != null) {
                PolicyConstraints constraints;
                try {
                    constraints = PolicyConstraints.getInstance(ASN1Primitive.fromByteArray(
                            constraintsExtension.getExtnValue().getOctets()));
                } catch (Exception e) {
                    return certificate.name() + " has malformed policy constraints";
                }
                if (constraints.getRequireExplicitPolicyMapping() == null
                        && constraints.getInhibitPolicyMapping() == null) {
                    return certificate.name() + " has empty policy constraints";
                }
                explicitPolicy = lower(explicitPolicy, constraints.getRequireExplicitPolicyMapping());
                policyMapping = lower(policyMapping, constraints.getInhibitPolicyMapping());
            }
            Extension inhibitExtension = certificate.extension(Extension.inhibitAnyPolicy);
            if (inhibitExtension != null) {
                try {
                    BigInteger skip = ASN1Integer.getInstance(ASN1Primitive.fromByteArray(
                                    inhibitExtension.getExtnValue().getOctets()))
                            .getValue();
                    inhibitAnyPolicy = lower(inhibitAnyPolicy, skip);
                } catch (Exception e) {
                    return certificate.name() + " has a malformed inhibitAnyPolicy";
                }
            }
        }
        // wrap-up (a), (b)
        CertView leaf = path.get(n - 1);
        explicitPolicy = Math.max(0, explicitPolicy - 1);
        Extension constraintsExtension = leaf.extension(Extension.policyConstraints);
        if (constraintsExtension != null) {
            try {
                PolicyConstraints constraints = PolicyConstraints.getInstance(ASN1Primitive.fromByteArray(
                        constraintsExtension.getExtnValue().getOctets()));
                BigInteger require = constraints.getRequireExplicitPolicyMapping();
                if (require != null && require.signum() == 0) {
                    explicitPolicy = 0;
                }
            } catch (Exception e) {
                return leaf.name() + " has malformed policy constraints";
            }
        }
        if (explicitPolicy == 0 && root == null) {
            return "no valid certificate policy for the path and an explicit policy is required";
        }
        return null;
    }

    private static int lower(int counter, BigInteger value) {
        if (value == null) {
            return counter;
        }
        return value.compareTo(BigInteger.valueOf(counter)) < 0 ? value.intValueExact() : counter;
    }

    /** The policy OIDs of a certificate (null when it has no certificatePolicies); duplicates refused. */
    private static Map<String, Boolean> policies(CertView certificate) {
        Extension extension = certificate.extension(Extension.certificatePolicies);
        if (extension == null) {
            return null;
        }
        CertificatePolicies policies = CertificatePolicies.getInstance(
                ASN1Sequence.getInstance(extension.getExtnValue().getOctets()));
        Map<String, Boolean> ids = new LinkedHashMap<>();
        for (PolicyInformation information : policies.getPolicyInformation()) {
            if (ids.put(information.getPolicyIdentifier().getId(), Boolean.TRUE) != null) {
                throw new IllegalArgumentException("duplicate policy");
            }
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("no policy");
        }
        return ids;
    }

    private static Map<String, Set<String>> mappings(Extension extension) {
        ASN1Sequence sequence =
                ASN1Sequence.getInstance(extension.getExtnValue().getOctets());
        Map<String, Set<String>> mappings = new LinkedHashMap<>();
        for (int i = 0; i < sequence.size(); i++) {
            ASN1Sequence pair = ASN1Sequence.getInstance(sequence.getObjectAt(i));
            if (pair.size() != 2) {
                throw new IllegalArgumentException("bad mapping");
            }
            String issuerPolicy = org.bouncycastle.asn1.ASN1ObjectIdentifier.getInstance(pair.getObjectAt(0))
                    .getId();
            String subjectPolicy = org.bouncycastle.asn1.ASN1ObjectIdentifier.getInstance(pair.getObjectAt(1))
                    .getId();
            mappings.computeIfAbsent(issuerPolicy, k -> new LinkedHashSet<>()).add(subjectPolicy);
        }
        if (mappings.isEmpty()) {
            throw new IllegalArgumentException("no mapping");
        }
        return mappings;
    }

    /** Removes childless nodes above the newest level; returns the root, or null when it went too. */
    private static Node prune(Node root, List<Node> newest) {
        Set<Node> alive = new HashSet<>(newest);
        List<Node> frontier = new ArrayList<>(newest);
        // Walk up from the newest level: a node survives when one of its children survives.
        while (!frontier.isEmpty()) {
            List<Node> parents = new ArrayList<>();
            for (Node node : frontier) {
                Node parent = node.parent;
                if (parent != null && alive.add(parent)) {
                    parents.add(parent);
                }
            }
            frontier = parents;
        }
        if (!alive.contains(root)) {
            return null;
        }
        removeDead(root, alive);
        return root;
    }

    private static void removeDead(Node node, Set<Node> alive) {
        node.children.removeIf(child -> !alive.contains(child));
        for (Node child : node.children) {
            removeDead(child, alive);
        }
    }
}
