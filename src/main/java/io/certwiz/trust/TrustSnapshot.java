package io.certwiz.trust;

import java.security.cert.X509Certificate;
import java.util.List;

/** The contents of the {@code root} and {@code intermediate} stores at one moment. */
public record TrustSnapshot(List<X509Certificate> roots, List<X509Certificate> intermediates) {
    public TrustSnapshot {
        roots = List.copyOf(roots);
        intermediates = List.copyOf(intermediates);
    }

    public ChainAnalyzer analyzer() {
        return new ChainAnalyzer(roots, intermediates);
    }
}
