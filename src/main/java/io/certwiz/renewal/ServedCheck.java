package io.certwiz.renewal;

import io.certwiz.usage.Usage;
import io.certwiz.x509.Thumbprint;
import java.util.List;

/**
 * Verifies what is served after a swap: each listener of the usages presents {@code expected} on a real
 * handshake. The running server provides one; without one (the CLI) nothing is verified.
 */
@FunctionalInterface
public interface ServedCheck {
    /**
     * Applies the store's assignments to the listeners, then what is wrong, one line each; empty when
     * every listener of {@code usages} presents {@code expected}.
     */
    List<String> problems(List<Usage> usages, Thumbprint expected);

    /** Applies the store's assignments to the listeners now (after a revert). */
    default void refresh() {}

    /** Verifies nothing. */
    static ServedCheck none() {
        return (usages, expected) -> List.of();
    }
}
