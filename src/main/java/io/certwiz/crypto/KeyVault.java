package io.certwiz.crypto;

import io.certwiz.CertwizException;
import io.certwiz.store.Transaction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals private keys for storage with AES-256-GCM under the data directory's master key, which is kept
 * outside the database: the database alone never reveals a key. A sealed key is
 * {@code version(1) || nonce(12) || ciphertext+tag}. Version 2 binds the key's row into the associated
 * data: its id, owner ({@link KeyOwner}), exportability, algorithm and the SHA-256 of its public key, so
 * a row changed in the database (a key made exportable, a certificate pointed at the CA's key, sealed
 * bytes moved to another row) no longer opens. Version 1 (released up to schema 6) bound only the
 * algorithm; such keys are re-sealed once ({@link KeyResealing}) and are not opened otherwise.
 */
public final class KeyVault {
    static final byte LEGACY_VERSION = 1;
    static final byte VERSION = 2;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey masterKey;

    public KeyVault(byte[] masterKey) {
        if (masterKey.length != 32) {
            throw new IllegalArgumentException("the master key must be 32 bytes");
        }
        this.masterKey = new SecretKeySpec(masterKey.clone(), "AES");
    }

    public static byte[] newMasterKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /**
     * Seals {@code key} and stores it in {@code records} within {@code tx}: the row is added first, so
     * that its id is bound into the seal, then given its sealed bytes. Its id.
     */
    public long add(
            Transaction tx,
            KeyRecords records,
            KeyOwner owner,
            PrivateKey key,
            byte[] publicKey,
            boolean exportable,
            Instant createdAt) {
        long id = records.add(tx, owner, key.getAlgorithm(), publicKey, new byte[0], exportable, createdAt);
        records.reseal(
                tx,
                id,
                seal(key, new StoredKey(id, owner, key.getAlgorithm(), publicKey, null, exportable, createdAt)));
        return id;
    }

    /** {@code key} sealed for the row {@code row} describes (its sealed bytes are not read). */
    public byte[] seal(PrivateKey key, StoredKey row) {
        return seal(VERSION, key.getEncoded(), associatedData(row));
    }

    /**
     * The key of {@code row}, which must belong to {@code expected}; a one-line error when it belongs to
     * something else, or when the row was changed since it was sealed (or the master key is another).
     */
    public PrivateKey open(StoredKey row, KeyOwner expected) {
        if (row.owner() != expected) {
            throw CertwizException.error("the private key " + row.id() + " belongs to " + describe(row.owner())
                    + ", not to " + describe(expected) + ": the store was changed outside certwiz");
        }
        return open(row);
    }

    /** The key of {@code row}, whatever it belongs to ({@code certwiz check}, re-sealing). */
    public PrivateKey open(StoredKey row) {
        byte[] sealed = row.sealed();
        if (sealed.length > 0 && sealed[0] == LEGACY_VERSION) {
            throw CertwizException.error("the private key " + row.id()
                    + " is sealed in the old format; open the store with certwiz to re-seal it");
        }
        try {
            return open(sealed, VERSION, associatedData(row), row.algorithm());
        } catch (javax.crypto.AEADBadTagException e) {
            throw CertwizException.error("the private key " + row.id() + " does not open: its record was changed"
                    + " outside certwiz (exportable, owner, id or key), or the master key is not this store's");
        }
    }

    /**
     * The seal of a token key's row: no key (it never leaves its token) but a tag over the row, its token
     * URI included, so that a row pointed at another token object no longer opens ({@link #checkReference}).
     */
    public byte[] sealReference(StoredKey row) {
        return seal(VERSION, REFERENCE.clone(), referenceData(row));
    }

    /** Refuses a token key's row that was changed since it was sealed, or that was never sealed. */
    public void checkReference(StoredKey row) {
        CertwizException changed = CertwizException.error("the token key " + row.id() + " does not open: its"
                + " record was changed outside certwiz (token URI, owner, id or key), or the master key is not"
                + " this store's");
        if (row.sealed() == null || row.sealed().length == 0 || row.sealed()[0] != VERSION) {
            throw changed;
        }
        try {
            byte[] plain = openBytes(row.sealed(), VERSION, referenceData(row));
            if (!java.util.Arrays.equals(plain, REFERENCE)) {
                throw changed;
            }
        } catch (javax.crypto.AEADBadTagException e) {
            throw changed;
        }
    }

    private static final byte[] REFERENCE = "certwiz/token-key".getBytes(StandardCharsets.US_ASCII);

    private static byte[] referenceData(StoredKey row) {
        return ("certwiz/token-key/v1\nid=" + row.id() + "\nowner="
                        + row.owner().column() + "\nalgorithm="
                        + row.algorithm() + "\npublic-key-sha256=" + sha256(row.publicKey()) + "\ntoken-uri="
                        + row.tokenUri())
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** A key sealed in version 1 (only the algorithm bound), for the one-time re-seal. */
    PrivateKey openLegacy(StoredKey row) {
        try {
            return open(row.sealed(), LEGACY_VERSION, legacyAssociatedData(row.algorithm()), row.algorithm());
        } catch (javax.crypto.AEADBadTagException e) {
            throw CertwizException.error(
                    "the private key " + row.id() + " cannot be decrypted: the master key does not match this store");
        }
    }

    /** The version a sealed key is in (the first byte), 0 when unknown. */
    static int version(byte[] sealed) {
        return sealed.length == 0 ? 0 : sealed[0];
    }

    private byte[] seal(byte version, byte[] plain, byte[] associatedData) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, masterKey, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            byte[] sealed = cipher.doFinal(plain);
            byte[] out = new byte[1 + NONCE_BYTES + sealed.length];
            out[0] = version;
            System.arraycopy(nonce, 0, out, 1, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, 1 + NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot seal a private key: " + e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private byte[] openBytes(byte[] sealed, byte version, byte[] associatedData)
            throws javax.crypto.AEADBadTagException {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != version) {
            throw CertwizException.error("a stored key record is corrupt");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, masterKey, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            return cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
        } catch (javax.crypto.AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot open a stored key record: " + e.getMessage(), e);
        }
    }

    private PrivateKey open(byte[] sealed, byte version, byte[] associatedData, String algorithm)
            throws javax.crypto.AEADBadTagException {
        if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != version) {
            throw CertwizException.error("a stored private key is corrupt");
        }
        byte[] plain = null;
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, masterKey, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
            cipher.updateAAD(associatedData);
            plain = cipher.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
            KeyFactory factory = algorithm.equals("EC")
                    ? KeyFactory.getInstance("EC", Providers.bc())
                    : KeyFactory.getInstance(algorithm);
            return factory.generatePrivate(new PKCS8EncodedKeySpec(plain));
        } catch (javax.crypto.AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw CertwizException.error("cannot open a stored private key: " + e.getMessage(), e);
        } finally {
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
        }
    }

    /** What a version-2 seal is bound to: one line per field, none of which can hold a line break. */
    static byte[] associatedData(StoredKey row) {
        return ("certwiz/private-key/v2\nid=" + row.id() + "\nowner="
                        + row.owner().column() + "\nexportable="
                        + row.exportable() + "\nalgorithm=" + row.algorithm() + "\npublic-key-sha256="
                        + sha256(row.publicKey()))
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] legacyAssociatedData(String algorithm) {
        return ("certwiz/private-key/v1/" + algorithm).getBytes(StandardCharsets.US_ASCII);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(KeyOwner owner) {
        return switch (owner) {
            case CERTIFICATE -> "a certificate";
            case CA_ROOT -> "the embedded CA's root";
            case CA_ISSUING -> "the embedded CA's issuing certificate";
            case ACME_ACCOUNT -> "an ACME account";
            case OCSP_RESPONDER -> "the embedded CA's OCSP responder";
        };
    }
}
