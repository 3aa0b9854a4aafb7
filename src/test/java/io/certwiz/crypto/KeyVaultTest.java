package io.certwiz.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.certwiz.CertwizException;
import io.certwiz.x509.KeyType;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyVaultTest {
    private final KeyVault vault = new KeyVault(KeyVault.newMasterKey());

    @ParameterizedTest
    @EnumSource(
            value = KeyType.class,
            names = {"RSA_2048", "EC_P256", "EC_P384"})
    void roundTrip(KeyType type) {
        KeyPair keys = type.generate();
        byte[] sealed = vault.seal(keys.getPrivate());
        PrivateKey opened = vault.open(sealed, keys.getPrivate().getAlgorithm());
        assertThat(opened.getAlgorithm()).isEqualTo(keys.getPrivate().getAlgorithm());
        assertThat(opened.getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(KeyMatch.matches(opened, keys.getPublic())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyType.class,
            names = {"RSA_2048", "EC_P256"})
    void theSealedBytesDoNotContainTheKey(KeyType type) {
        PrivateKey key = type.generate().getPrivate();
        byte[] pkcs8 = key.getEncoded();
        byte[] sealed = vault.seal(key);
        assertThat(indexOf(sealed, pkcs8)).isEqualTo(-1);
        // nor any 16-byte stretch of it (the secret scalar or primes would show up as such)
        for (int i = 0; i + 16 <= pkcs8.length; i += 8) {
            assertThat(indexOf(sealed, Arrays.copyOfRange(pkcs8, i, i + 16)))
                    .as("PKCS#8 bytes %d..%d", i, i + 16)
                    .isEqualTo(-1);
        }
        // and sealing twice gives different bytes (fresh nonce)
        assertThat(vault.seal(key)).isNotEqualTo(sealed);
    }

    @Test
    void anyTamperedByteIsRefused() {
        PrivateKey key = KeyType.EC_P256.generate().getPrivate();
        byte[] sealed = vault.seal(key);
        for (int i = 0; i < sealed.length; i++) {
            byte[] tampered = sealed.clone();
            tampered[i] ^= 0x01;
            assertRefused(() -> vault.open(tampered, "EC"));
        }
        assertRefused(() -> vault.open(Arrays.copyOf(sealed, sealed.length - 1), "EC"));
        assertRefused(() -> vault.open(Arrays.copyOf(sealed, sealed.length + 1), "EC"));
        assertRefused(() -> vault.open(new byte[0], "EC"));
        assertRefused(() -> vault.open(new byte[29], "EC"));
    }

    @Test
    void aWrongMasterKeyIsRefused() {
        PrivateKey key = KeyType.EC_P256.generate().getPrivate();
        byte[] sealed = vault.seal(key);
        KeyVault other = new KeyVault(KeyVault.newMasterKey());
        CertwizException e = assertRefused(() -> other.open(sealed, "EC"));
        assertThat(e.getMessage()).contains("master key");
    }

    @Test
    void theAlgorithmIsBound() {
        PrivateKey key = KeyType.EC_P256.generate().getPrivate();
        byte[] sealed = vault.seal(key);
        assertRefused(() -> vault.open(sealed, "RSA"));
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
        byte[] sealed = sealing.seal(KeyType.EC_P256.generate().getPrivate());
        byte[] copy = master.clone();
        Arrays.fill(master, (byte) 0);
        assertThat(new KeyVault(copy).open(sealed, "EC")).isNotNull();
        assertThat(sealing.open(sealed, "EC")).isNotNull();
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
