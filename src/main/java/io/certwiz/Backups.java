package io.certwiz;

import io.certwiz.crypto.KeyResealing;
import io.certwiz.crypto.KeyVault;
import io.certwiz.crypto.StoredKey;
import io.certwiz.store.DataDirectory;
import io.certwiz.store.Database;
import io.certwiz.store.SqlStore;
import io.certwiz.store.StoreSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code certwiz backup} and {@code certwiz restore}: a consistent copy of the store ({@link StoreSnapshot},
 * one read transaction, SQLite or PostgreSQL) and the master key, encrypted together with AES-256-GCM
 * under a key derived from a passphrase with PBKDF2-HMAC-SHA256. The file is
 * {@code "certwiz-backup-1\n" || salt(16) || iterations(4) || nonce(12) || ciphertext+tag}, its header bound
 * as associated data; the plaintext is {@code length(4) || master key || store copy}. A restore makes
 * a fresh data directory with its own SQLite store.
 */
public final class Backups {
    private static final byte[] MAGIC = "certwiz-backup-1\n".getBytes(StandardCharsets.US_ASCII);
    static final int ITERATIONS = 600_000;
    private static final int SALT_BYTES = 16;
    private static final int NONCE_BYTES = 12;
    private static final int HEADER = MAGIC.length + SALT_BYTES + 4 + NONCE_BYTES;
    private static final int MIN_PASSPHRASE = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What a restore made. */
    public record Restored(String dataDirectory, String fqdn, int rows, int privateKeys) {}

    private Backups() {}

    /** The backup file's bytes: the store as one transaction saw it and the master key, under {@code passphrase}. */
    public static byte[] backup(Certwiz certwiz, char[] passphrase) {
        checkPassphrase(passphrase);
        byte[] snapshot = StoreSnapshot.export(certwiz.store());
        byte[] master = certwiz.data().readMasterKey();
        byte[] salt = random(SALT_BYTES);
        byte[] nonce = random(NONCE_BYTES);
        byte[] header = ByteBuffer.allocate(HEADER)
                .put(MAGIC)
                .put(salt)
                .putInt(ITERATIONS)
                .put(nonce)
                .array();
        byte[] plain = ByteBuffer.allocate(4 + master.length + snapshot.length)
                .putInt(master.length)
                .put(master)
                .put(snapshot)
                .array();
        Arrays.fill(master, (byte) 0);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key(passphrase, salt, ITERATIONS), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(header);
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(header.length + sealed.length)
                    .put(header)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot encrypt the backup: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    /**
     * Restores {@code file} into {@code target}, which must have no store yet. Nothing is written unless
     * the passphrase opens the file and the master key in it opens every key of the store copy.
     */
    public static Restored restore(DataDirectory target, byte[] file, char[] passphrase) {
        if (target.hasStore()) {
            throw CertwizException.refused("a certwiz store already exists in " + target.path()
                    + "; restore onto a fresh data directory (--data DIR)");
        }
        byte[] plain = decrypt(file, passphrase);
        ByteBuffer content = ByteBuffer.wrap(plain);
        int masterLength = content.getInt();
        if (masterLength != 32 || content.remaining() < masterLength) {
            throw CertwizException.error("the backup is damaged: no master key in it");
        }
        byte[] master = new byte[masterLength];
        content.get(master);
        byte[] snapshot = Arrays.copyOfRange(plain, 4 + masterLength, plain.length);
        Arrays.fill(plain, (byte) 0);
        target.create();
        Path staging = target.path().resolve(DataDirectory.DATABASE + ".restore");
        deleteDatabase(staging);
        Restored restored;
        try (SqlStore store = Database.openSqlite(staging)) {
            int rows = StoreSnapshot.restore(store, snapshot);
            KeyVault vault = new KeyVault(master);
            KeyResealing.upgrade(
                    store,
                    Records.SQL.settings(),
                    Records.SQL.keys(),
                    vault,
                    Clock.systemUTC().instant());
            List<StoredKey> keys = store.read(tx -> Records.SQL.keys().all(tx));
            for (StoredKey key : keys) {
                if (key.onToken()) { // a token key is not in the backup: it stays on its token
                    vault.checkReference(key);
                } else {
                    vault.open(key);
                }
            }
            String fqdn = store.read(Records.SQL.identities()::identity)
                    .map(i -> i.fqdn())
                    .orElseThrow(() -> CertwizException.error("the backup holds no server identity"));
            restored = new Restored(target.path().toString(), fqdn, rows, keys.size());
        } catch (RuntimeException e) {
            deleteDatabase(staging);
            throw e;
        }
        try {
            for (String suffix : List.of("-wal", "-shm", "")) {
                Path part = Path.of(staging + suffix);
                if (Files.exists(part)) {
                    Files.move(part, Path.of(target.database() + suffix));
                }
            }
            target.writeMasterKey(master);
        } catch (IOException e) {
            throw CertwizException.error("cannot put the restored store in place: " + e.getMessage(), e);
        } finally {
            Arrays.fill(master, (byte) 0);
        }
        return restored;
    }

    private static byte[] decrypt(byte[] file, char[] passphrase) {
        if (file.length < HEADER + 16 || !Arrays.equals(MAGIC, Arrays.copyOf(file, MAGIC.length))) {
            throw CertwizException.error("not a certwiz backup file");
        }
        ByteBuffer header = ByteBuffer.wrap(file, MAGIC.length, HEADER - MAGIC.length);
        byte[] salt = new byte[SALT_BYTES];
        header.get(salt);
        int iterations = header.getInt();
        byte[] nonce = new byte[NONCE_BYTES];
        header.get(nonce);
        if (iterations < 100_000 || iterations > 10_000_000) {
            throw CertwizException.error("the backup is damaged: its key derivation is out of range");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key(passphrase, salt, iterations), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(file, 0, HEADER);
            return cipher.doFinal(file, HEADER, file.length - HEADER);
        } catch (AEADBadTagException e) {
            throw CertwizException.error("wrong passphrase, or the backup file is damaged; nothing was restored");
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot decrypt the backup: " + e.getMessage(), e);
        }
    }

    private static SecretKey key(char[] passphrase, byte[] salt, int iterations) throws GeneralSecurityException {
        PBEKeySpec spec = new PBEKeySpec(passphrase, salt, iterations, 256);
        try {
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
            try {
                return new SecretKeySpec(derived, "AES");
            } finally {
                Arrays.fill(derived, (byte) 0);
            }
        } finally {
            spec.clearPassword();
        }
    }

    private static void checkPassphrase(char[] passphrase) {
        if (passphrase == null || passphrase.length < MIN_PASSPHRASE) {
            throw CertwizException.badUsage("a backup passphrase has at least " + MIN_PASSPHRASE + " characters");
        }
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void deleteDatabase(Path file) {
        try {
            for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                Files.deleteIfExists(Path.of(file + suffix));
            }
        } catch (IOException e) {
            throw CertwizException.error("cannot remove " + file + ": " + e.getMessage(), e);
        }
    }
}
