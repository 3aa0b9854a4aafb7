package io.certwiz.limbo;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** One x509-limbo test case, as in {@code limbo.json} (fields this harness does not use are ignored). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LimboCase(
        String id,
        List<String> features,
        String description,
        String validationKind,
        List<String> trustedCerts,
        List<String> untrustedIntermediates,
        String peerCertificate,
        String validationTime,
        List<String> signatureAlgorithms,
        List<String> keyUsage,
        List<String> extendedKeyUsage,
        String expectedResult,
        PeerName expectedPeerName,
        List<PeerName> expectedPeerNames,
        Integer maxChainDepth,
        List<String> crls) {

    public LimboCase {
        features = orEmpty(features);
        trustedCerts = orEmpty(trustedCerts);
        untrustedIntermediates = orEmpty(untrustedIntermediates);
        signatureAlgorithms = orEmpty(signatureAlgorithms);
        keyUsage = orEmpty(keyUsage);
        extendedKeyUsage = orEmpty(extendedKeyUsage);
        expectedPeerNames = orEmpty(expectedPeerNames);
        crls = orEmpty(crls);
    }

    /** {@code {kind: DNS|IP|RFC822, value}}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PeerName(String kind, String value) {}

    public boolean expectsSuccess() {
        return "SUCCESS".equals(expectedResult);
    }

    /** The namespace before the first {@code ::} of the id: bettertls, rfc5280, webpki, ... */
    public String namespace() {
        int end = id.indexOf("::");
        return end < 0 ? id : id.substring(0, end);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
