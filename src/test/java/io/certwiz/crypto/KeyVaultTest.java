package io.certwiz.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.certwiz.CertwizException;
import io.certwiz.x509.KeyType;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyVaultTest {
    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private final byte[] master = KeyVault.newMasterKey();
    private final KeyVault vault = new KeyVault(master);

    /** A row as the store would hold it, with {@code key} sealed for it. */
    private StoredKey row(KeyVault vault, long id, KeyOwner owner, KeyPair keys, boolean exportable) {
        StoredKey unsealed = new StoredKey(
                id, owner, keys.getPrivate().getAlgorithm(), keys.getPublic().getEncoded(), null, exportable, T0);
        return with(unsealed, vault.seal(keys.getPrivate(), unsealed));
    }

    private static StoredKey with(StoredKey row, byte[] sealed) {
        return new StoredKey(
                row.id(), row.owner(), row.algorithm(), row.publicKey(), sealed, row.exportable(), row.createdAt());
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyType.class,
            names = {"RSA_2048", "EC_P256", "EC_P384"})
    void roundTrip(KeyType type) {
        KeyPair keys = type.generate();
        StoredKey row = row(vault, 7, KeyOwner.CERTIFICATE, keys, true);
        PrivateKey opened = vault.open(row, KeyOwner.CERTIFICATE);
        assertThat(row.sealed()[0]).isEqualTo((byte) 2);
        assertThat(opened.getAlgorithm()).isEqualTo(keys.getPrivate().getAlgorithm());
        assertThat(opened.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(KeyMatch.matches(opened, keys.getPublic())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyType.class,
            names = {"RSA_2048", "EC_P256"})
    void theSealedBytesDoNotContainTheKey(KeyType type) {
        KeyPair keys = type.generate();
        byte[] pkcs8 = keys.getPrivate().getEncoded();
        byte[] sealed = row(vault, 1, KeyOwner.CERTIFICATE, keys, false).sealed();
        assertThat(indexOf(sealed, pkcs8)).isEqualTo(-1);
        // nor any 16-byte stretch of it (the secret scalar or primes would show up as such)
        for (int i = 0; i + 16 <= pkcs8.length; i += 8) {
            assertThat(indexOf(sealed, Arrays.copyOfRange(pkcs8, i, i + 16)))
                    .as("PKCS#8 bytes %d..%d", i, i + 16)
                    .isEqualTo(-1);
        }
        // and sealing twice gives different bytes (fresh nonce)
        assertThat(row(vault, 1, KeyOwner.CERTIFICATE, keys, false).sealed()).isNotEqualTo(sealed);
    }

    @Test
    void anyTamperedByteIsRefused() {
        StoredKey row = row(vault, 3, KeyOwner.CERTIFICATE, KeyType.EC_P256.generate(), false);
        byte[] sealed = row.sealed();
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertRefused(() -> vault.open(with(row, tampered)));
        }
        assertRefused(() -> vault.open(with(row, Arrays.copyOf(sealed, sealed.length - 1))));
        assertRefused(() -> vault.open(with(row, Arrays.copyOf(sealed, sealed.length + 1))));
        assertRefused(() -> vault.open(with(row, new byte[0])));
        assertRefused(() -> vault.open(with(row, new byte[29])));
    }

    @Test
    void theRowIsBoundIntoTheSeal() {
        KeyPair keys = KeyType.EC_P256.generate();
        StoredKey row = row(vault, 5, KeyOwner.CERTIFICATE, keys, false);
        // exportability flipped
        CertwizException flipped = assertRefused(() ->
                vault.open(new StoredKey(5, KeyOwner.CERTIFICATE, "EC", row.publicKey(), row.sealed(), true, T0)));
        assertThat(flipped.getMessage()).contains("changed outside certwiz");
        // the sealed bytes moved to another row (another id)
        assertRefused(() ->
                vault.open(new StoredKey(6, KeyOwner.CERTIFICATE, "EC", row.publicKey(), row.sealed(), false, T0)));
        // the owner changed
        assertRefused(() -> vault.open(
                new StoredKey(5, KeyOwner.CA_ISSUING, "EC", row.publicKey(), row.sealed(), false, T0),
                KeyOwner.CA_ISSUING));
        // the public key beside it replaced
        assertRefused(() -> vault.open(new StoredKey(
                5,
                KeyOwner.CERTIFICATE,
                "EC",
                KeyType.EC_P256.generate().getPublic().getEncoded(),
                row.sealed(),
                false,
                T0)));
        // the algorithm changed
        assertRefused(() ->
                vault.open(new StoredKey(5, KeyOwner.CERTIFICATE, "RSA", row.publicKey(), row.sealed(), false, T0)));
        assertThat(vault.open(row)).isNotNull();
    }

    @Test
    void aKeyOpensOnlyForWhatItBelongsTo() {
        StoredKey caKey = row(vault, 2, KeyOwner.CA_ISSUING, KeyType.EC_P256.generate(), false);
        CertwizException e = assertRefused(() -> vault.open(caKey, KeyOwner.CERTIFICATE));
        assertThat(e.getMessage()).contains("belongs to the embedded CA's issuing certificate");
        assertThat(vault.open(caKey, KeyOwner.CA_ISSUING)).isNotNull();
    }

    @Test
    void aWrongMasterKeyIsRefused() {
        StoredKey row = row(vault, 1, KeyOwner.CERTIFICATE, KeyType.EC_P256.generate(), false);
        KeyVault other = new KeyVault(KeyVault.newMasterKey());
        CertwizException e = assertRefused(() -> other.open(row));
        assertThat(e.getMessage()).contains("master key");
    }

    @Test
    void aVersionOneKeyOpensOnlyThroughTheReseal() throws Exception {
        KeyPair keys = KeyType.EC_P256.generate();
        StoredKey row = with(
                new StoredKey(1, KeyOwner.CERTIFICATE, "EC", keys.getPublic().getEncoded(), null, false, T0),
                sealVersionOne(master, keys.getPrivate()));
        CertwizException e = assertRefused(() -> vault.open(row));
        assertThat(e.getMessage()).contains("old format");
        assertThat(vault.openLegacy(row).getEncoded())
                .isEqualTo(keys.getPrivate().getEncoded());
    }

    /** A key sealed as certwiz did up to schema 6: {@code 1 || nonce || AES-GCM(pkcs8)}, AAD naming the algorithm. */
    static byte[] sealVersionOne(byte[] masterKey, PrivateKey key) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(("certwiz/private-key/v1/" + key.getAlgorithm()).getBytes(StandardCharsets.US_ASCII));
        byte[] sealed = cipher.doFinal(key.getEncoded());
        byte[] out = new byte[1 + 12 + sealed.length];
        out[0] = 1;
        System.arraycopy(nonce, 0, out, 1, 12);
        System.arraycopy(sealed, 0, out, 13, sealed.length);
        return out;
    }

    @Test
    void aMasterKeyIs32RandomBytes() {
        assertThat(KeyVault.newMasterKey()).hasSize(32).isNotEqualTo(KeyVault.newMasterKey());
        assertThatThrownBy(() -> new KeyVault(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theVaultKeepsItsOwnCopyOfTheMasterKey() {
        byte[] master = KeyVault.newMasterKey();
        KeyVault sealing = new KeyVault(master);
        StoredKey row = row(sealing, 1, KeyOwner.CERTIFICATE, KeyType.EC_P256.generate(), false);
        byte[] copy = master.clone();
        Arrays.fill(master, (byte) 0);
        assertThat(new KeyVault(copy).open(row)).isNotNull();
        assertThat(sealing.open(row)).isNotNull();
    }

    private static CertwizException assertRefused(Runnable action) {
        Throwable thrown = catchThrowable(action::run);
        assertThat(thrown).isExactlyInstanceOf(CertwizException.class);
        assertThat(thrown.getMessage()).doesNotContain("\n");
        return (CertwizException) thrown;
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
