package io.certwiz.crypto;

import io.certwiz.store.Settings;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import java.security.PrivateKey;
import java.time.Instant;

/**
 * The one-time step that re-seals the keys of a store made before schema 8 (sealed in version 1, bound to
 * their algorithm only) in version 2, bound to their row ({@link KeyVault}), and seals the rows of keys on
 * tokens made before their rows were bound ({@link KeyVault#sealReference}; "v3"). Runs when certwiz opens
 * a store, in one transaction, and is recorded in the setting {@value #SETTING}: later opens read one
 * setting and do nothing else.
 */
public final class KeyResealing {
    public static final String SETTING = "keys.sealing";
    private static final String CURRENT = "v3";

    private KeyResealing() {}

    /** Whether the store's keys are all sealed as this version seals them (one setting read). */
    public static boolean isDone(Transaction tx, Settings settings) {
        return settings.get(tx, SETTING).map(v -> v.startsWith(CURRENT)).orElse(false);
    }

    /** Records, in a new store's first transaction, that its keys are sealed in the current version. */
    public static void markDone(Transaction tx, Settings settings, Instant now) {
        settings.put(tx, SETTING, CURRENT + " since " + now);
    }

    /**
     * Re-seals every version-1 key in {@code store} unless that was done; the number re-sealed now, 0
     * when there was nothing to do. A key that does not open (another master key) fails it, and nothing
     * changes.
     */
    public static int upgrade(Store store, Settings settings, KeyRecords keys, KeyVault vault, Instant now) {
        if (store.read(tx -> isDone(tx, settings))) {
            return 0;
        }
        return store.write(tx -> {
            if (isDone(tx, settings)) {
                return 0; // another process did it meanwhile
            }
            int resealed = 0;
            for (StoredKey key : keys.all(tx)) {
                if (!key.onToken() && KeyVault.version(key.sealed()) == KeyVault.LEGACY_VERSION) {
                    PrivateKey opened = vault.openLegacy(key);
                    keys.reseal(tx, key.id(), vault.seal(opened, key));
                    resealed++;
                } else if (key.onToken() && (key.sealed() == null || key.sealed().length == 0)) {
                    keys.reseal(tx, key.id(), vault.sealReference(key));
                    resealed++;
                }
            }
            settings.put(tx, SETTING, CURRENT + " since " + now + " (" + resealed + " keys re-sealed)");
            return resealed;
        });
    }
}
