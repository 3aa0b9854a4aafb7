package io.certwiz.trust;

import io.certwiz.Problem;
import java.util.List;

/**
 * The chain of a certificate as built from the server's stores: each element from the leaf up with
 * its status, whether it ends in a trusted root, and what is wrong when it does not.
 */
public record ChainReport(boolean trusted, List<ChainElement> elements, List<Problem> problems) {
    public ChainReport {
        elements = List.copyOf(elements);
        problems = List.copyOf(problems);
    }

    /**
     * One certificate in the chain. {@code thumbprint} is null for a missing CA certificate, which is
     * named by its subject and key identifier instead.
     */
    public record ChainElement(
            String thumbprint, String subject, String keyIdentifier, String role, String store, String status) {}
}
