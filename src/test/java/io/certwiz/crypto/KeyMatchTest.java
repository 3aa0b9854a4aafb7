package io.certwiz.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.x509.KeyType;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KeyMatchTest {
    static KeyPair rsa;
    static KeyPair otherRsa;
    static KeyPair ec;
    static KeyPair otherEc;
    static KeyPair p384;

    @BeforeAll
    static void keys() {
        rsa = KeyType.RSA_2048.generate();
        otherRsa = KeyType.RSA_2048.generate();
        ec = KeyType.EC_P256.generate();
        otherEc = KeyType.EC_P256.generate();
        p384 = KeyType.EC_P384.generate();
    }

    @Test
    void aKeyMatchesItsOwnPublicKey() {
        assertThat(KeyMatch.matches(rsa.getPrivate(), rsa.getPublic())).isTrue();
        assertThat(KeyMatch.matches(ec.getPrivate(), ec.getPublic())).isTrue();
        assertThat(KeyMatch.matches(p384.getPrivate(), p384.getPublic())).isTrue();
    }

    @Test
    void anotherKeyOfTheSameKindDoesNotMatch() {
        assertThat(KeyMatch.matches(rsa.getPrivate(), otherRsa.getPublic())).isFalse();
        assertThat(KeyMatch.matches(ec.getPrivate(), otherEc.getPublic())).isFalse();
    }

    @Test
    void keysOfDifferentKindsOrCurvesDoNotMatch() {
        assertThat(KeyMatch.matches(rsa.getPrivate(), ec.getPublic())).isFalse();
        assertThat(KeyMatch.matches(ec.getPrivate(), rsa.getPublic())).isFalse();
        assertThat(KeyMatch.matches(ec.getPrivate(), p384.getPublic())).isFalse();
        assertThat(KeyMatch.matches(p384.getPrivate(), ec.getPublic())).isFalse();
    }

    @Test
    void keysFromTheJdkAndBouncyCastleMatchEachOther() throws Exception {
        // A key read back from a PFX or PEM may come from another provider than the certificate's.
        KeyPairGenerator jdk = KeyPairGenerator.getInstance("EC", "SunEC");
        jdk.initialize(256);
        KeyPair sunKeys = jdk.generateKeyPair();
        java.security.KeyFactory bc = java.security.KeyFactory.getInstance("EC", Providers.bc());
        java.security.PrivateKey bcPrivate = bc.generatePrivate(
                new java.security.spec.PKCS8EncodedKeySpec(sunKeys.getPrivate().getEncoded()));
        assertThat(KeyMatch.matches(bcPrivate, sunKeys.getPublic())).isTrue();
    }

    @Test
    void anEcKeyThatBouncyCastleNamesEcdsaStillMatches() throws Exception {
        // BouncyCastle's PEM converter names EC keys "ECDSA" unless told otherwise.
        Providers.bc();
        java.security.PrivateKey ecdsa = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter()
                .getPrivateKey(org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(
                        ec.getPrivate().getEncoded()));
        assertThat(ecdsa.getAlgorithm()).isEqualTo("ECDSA");
        assertThat(KeyMatch.matches(ecdsa, ec.getPublic())).isTrue();
        assertThat(KeyMatch.matches(ecdsa, otherEc.getPublic())).isFalse();
    }

    @Test
    void ed25519() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        KeyPair a = generator.generateKeyPair();
        KeyPair b = generator.generateKeyPair();
        assertThat(KeyMatch.matches(a.getPrivate(), a.getPublic())).isTrue();
        assertThat(KeyMatch.matches(a.getPrivate(), b.getPublic())).isFalse();
    }
}
