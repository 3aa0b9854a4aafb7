package io.certwiz.request;

import io.certwiz.store.Transaction;
import java.util.List;

/**
 * The embedded CA's name policy (the one {@code certwiz policy} sets for ACME) applied to this server's own
 * requests, so that a local request cannot get what an ACME client would be refused.
 */
@FunctionalInterface
public interface LocalNamePolicy {
    /** Everything permitted: for tests and stores without a policy. */
    LocalNamePolicy ANY = (tx, names) -> List.of();

    /** Those of {@code dnsNames} (lower case, a wildcard as {@code *.domain}) that the policy does not permit. */
    List<String> notPermitted(Transaction tx, List<String> dnsNames);
}
