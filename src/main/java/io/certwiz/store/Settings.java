package io.certwiz.store;

import java.util.Optional;

/** Named values kept in the store (flags, counters, sealed small secrets): a generic facility, no domain. */
public interface Settings {
    Optional<String> get(Transaction tx, String name);

    /** Sets {@code name}, replacing any value it had. */
    void put(Transaction tx, String name, String value);
}
