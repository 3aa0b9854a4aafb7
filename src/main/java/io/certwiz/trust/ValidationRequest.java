package io.certwiz.trust;

import io.certwiz.x509.ExtendedKeyUsage;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What to validate: a leaf, the certificates that may complete its path, the trust anchors, the time,
 * and optionally the name the peer was reached by, the purposes it must be fit for, the key usages it
 * must allow, and the most intermediate certificates a path may have.
 *
 * @param maxChainDepth the most non-self-issued intermediates a path may have; null for the built-in limit
 * @param requiredKeyUsages RFC 5280 key usage names ({@code digitalSignature}, ...) the leaf must allow
 *     when it has a key usage extension
 */
public record ValidationRequest(
        X509Certificate leaf,
        List<X509Certificate> intermediates,
        List<X509Certificate> anchors,
        Instant at,
        String dnsName,
        String ipAddress,
        List<ExtendedKeyUsage> requiredEkus,
        Integer maxChainDepth,
        List<String> requiredKeyUsages) {

    /** RFC 5280 4.2.1.3 key usage names and their bits (as BouncyCastle's KeyUsage numbers them). */
    static final Map<String, Integer> KEY_USAGES = Map.of(
            "digitalSignature", 1 << 7,
            "nonRepudiation", 1 << 6,
            "contentCommitment", 1 << 6,
            "keyEncipherment", 1 << 5,
            "dataEncipherment", 1 << 4,
            "keyAgreement", 1 << 3,
            "keyCertSign", 1 << 2,
            "cRLSign", 1 << 1,
            "encipherOnly", 1,
            "decipherOnly", 1 << 15);

    public ValidationRequest {
        intermediates = List.copyOf(intermediates);
        anchors = List.copyOf(anchors);
        requiredEkus = List.copyOf(requiredEkus);
        requiredKeyUsages = requiredKeyUsages == null ? List.of() : List.copyOf(requiredKeyUsages);
        if (maxChainDepth != null && maxChainDepth < 0) {
            throw new IllegalArgumentException("maxChainDepth must not be negative");
        }
        for (String usage : requiredKeyUsages) {
            if (!KEY_USAGES.containsKey(usage)) {
                throw new IllegalArgumentException(
                        "unknown key usage '" + usage + "'; choose one of " + KEY_USAGES.keySet());
            }
        }
    }

    public ValidationRequest(
            X509Certificate leaf,
            List<X509Certificate> intermediates,
            List<X509Certificate> anchors,
            Instant at,
            String dnsName,
            String ipAddress,
            List<ExtendedKeyUsage> requiredEkus) {
        this(leaf, intermediates, anchors, at, dnsName, ipAddress, requiredEkus, null, List.of());
    }

    public static ValidationRequest of(
            X509Certificate leaf, List<X509Certificate> intermediates, List<X509Certificate> anchors, Instant at) {
        return new ValidationRequest(leaf, intermediates, anchors, at, null, null, List.of());
    }

    public ValidationRequest withName(String dnsName, String ipAddress) {
        return new ValidationRequest(
                leaf, intermediates, anchors, at, dnsName, ipAddress, requiredEkus, maxChainDepth, requiredKeyUsages);
    }

    public ValidationRequest withEkus(List<ExtendedKeyUsage> ekus) {
        return new ValidationRequest(
                leaf, intermediates, anchors, at, dnsName, ipAddress, ekus, maxChainDepth, requiredKeyUsages);
    }

    /** At most this many intermediates (self-issued ones not counted) between the leaf and the anchor. */
    public ValidationRequest withMaxChainDepth(Integer depth) {
        return new ValidationRequest(
                leaf, intermediates, anchors, at, dnsName, ipAddress, requiredEkus, depth, requiredKeyUsages);
    }

    /** Key usages (RFC 5280 names) the leaf must allow when it restricts them. */
    public ValidationRequest withKeyUsages(List<String> usages) {
        return new ValidationRequest(
                leaf, intermediates, anchors, at, dnsName, ipAddress, requiredEkus, maxChainDepth, usages);
    }
}
