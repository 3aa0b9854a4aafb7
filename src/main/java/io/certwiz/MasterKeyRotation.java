package io.certwiz;

import io.certwiz.acme.server.EabService;
import io.certwiz.acme.server.ReplayNonces;
import io.certwiz.crypto.KeyVault;
import io.certwiz.crypto.StoredKey;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.Store;
import io.certwiz.store.Transaction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code certwiz admin rotate-master-key}: every sealed secret of the store (private keys, EAB keys, a
 * pool's nonce key) re-sealed under a new master key in one transaction. The new key is written to
 * {@value #PENDING} (0600) before the transaction and replaces {@code master.key} only after it
 * commits, so a failure before the commit leaves the old key and store as they were, and an interruption
 * between the commit and the replacement is finished the next time certwiz opens the data directory
 * ({@link #recover}).
 */
public final class MasterKeyRotation {
    static final String PENDING = "master.key.new";

    /** What was re-sealed. */
    public record Result(int privateKeys, int eabKeys, boolean nonceKey, boolean pool, String masterKeyFile) {}

    private MasterKeyRotation() {}

    public static Result rotate(Certwiz certwiz) {
        return rotate(certwiz, tx -> {});
    }

    /** As {@link #rotate(Certwiz)}; {@code beforeCommit} runs last in the transaction (a test fails it there). */
    static Result rotate(Certwiz certwiz, Consumer<Transaction> beforeCommit) {
        DataDirectory data = certwiz.data();
        byte[] oldMaster = data.readMasterKey();
        byte[] newMaster = KeyVault.newMasterKey();
        KeyVault before = new KeyVault(oldMaster);
        KeyVault after = new KeyVault(newMaster);
        Path pending = data.path().resolve(PENDING);
        DataDirectory.writeSecret(pending, DataDirectory.encodeMasterKey(newMaster));
        Result result;
        try {
            result = certwiz.store().write(tx -> {
                int keys = 0;
                for (StoredKey key : Records.SQL.keys().all(tx)) {
                    if (key.onToken()) {
                        // The key stays on its token; only its row's seal is under the master key.
                        before.checkReference(key);
                        Records.SQL.keys().reseal(tx, key.id(), after.sealReference(key));
                        continue;
                    }
                    Records.SQL.keys().reseal(tx, key.id(), after.seal(before.open(key), key));
                    keys++;
                }
                int eab = EabService.resealAll(tx, certwiz.acmeServerStorage(), oldMaster, newMaster);
                boolean nonce = ReplayNonces.resealSharedKey(tx, certwiz.acmeServerStorage(), oldMaster, newMaster);
                Records.SQL
                        .audit()
                        .append(
                                tx,
                                certwiz.clock().instant(),
                                certwiz.actor(),
                                "admin.master-key-rotated",
                                List.of(),
                                "private-keys=" + keys + " eab-keys=" + eab);
                beforeCommit.accept(tx);
                return new Result(
                        keys,
                        eab,
                        nonce,
                        data.sharedStore().isPresent(),
                        data.masterKeyFile().toString());
            });
        } catch (RuntimeException e) {
            deleteQuietly(pending);
            throw e;
        } finally {
            Arrays.fill(oldMaster, (byte) 0);
        }
        data.writeMasterKey(newMaster);
        Arrays.fill(newMaster, (byte) 0);
        deleteQuietly(pending);
        return result;
    }

    /**
     * Finishes or forgets a rotation that stopped between writing {@value #PENDING} and replacing
     * {@code master.key}: the new key takes over when it opens the store's keys (the transaction
     * committed), else it is deleted. Nothing to do, one file check, when there is none.
     */
    static void recover(DataDirectory data, Store store) {
        Path pending = data.path().resolve(PENDING);
        if (!Files.exists(pending)) {
            return;
        }
        StoredKey probe = store.read(tx -> Records.SQL.keys().all(tx)).stream()
                .filter(k -> !k.onToken())
                .findFirst()
                .orElse(null);
        byte[] candidate = DataDirectory.readMasterKey(pending);
        boolean committed = false;
        if (probe != null) {
            try {
                new KeyVault(candidate).open(probe);
                committed = true;
            } catch (CertwizException e) {
                committed = false;
            }
        }
        if (committed) {
            data.writeMasterKey(candidate);
        }
        Arrays.fill(candidate, (byte) 0);
        deleteQuietly(pending);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // recover() deals with what is left
        }
    }
}
