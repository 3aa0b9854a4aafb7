package io.certwiz.usage;

import io.certwiz.store.Settings;
import io.certwiz.store.Transaction;
import io.certwiz.x509.Thumbprint;
import java.time.Instant;
import java.util.Optional;

/**
 * Why a server's listener could not present the certificate assigned to its usage (its key's token
 * absent or locked, say), kept in the store by the serving process so that {@code usages} in any process
 * says it; cleared when the listener presents it again.
 */
public final class ListenerFaults {
    private static final String PREFIX = "listener.fault.";

    /** The assigned certificate that was not presented, why, and since when. */
    public record Fault(String thumbprint, String message, Instant since) {}

    private final Settings settings;

    public ListenerFaults(Settings settings) {
        this.settings = settings;
    }

    public Optional<Fault> find(Transaction tx, Usage usage) {
        return settings.get(tx, PREFIX + usage.name()).filter(v -> !v.isEmpty()).map(v -> {
            String[] parts = v.split(" ", 3);
            return new Fault(parts[0], parts[2], Instant.ofEpochMilli(Long.parseLong(parts[1])));
        });
    }

    /** Records the fault of {@code usage}'s listener with the certificate {@code thumbprint}, unless already so. */
    public void record(Transaction tx, Usage usage, Thumbprint thumbprint, String message, Instant at) {
        Optional<Fault> existing = find(tx, usage);
        if (existing.isPresent()
                && existing.get().thumbprint().equals(thumbprint.hex())
                && existing.get().message().equals(message)) {
            return;
        }
        settings.put(
                tx,
                PREFIX + usage.name(),
                thumbprint.hex() + " " + at.toEpochMilli() + " " + message.replace('\n', ' '));
    }

    public void clear(Transaction tx, Usage usage) {
        if (find(tx, usage).isPresent()) {
            settings.put(tx, PREFIX + usage.name(), "");
        }
    }
}
