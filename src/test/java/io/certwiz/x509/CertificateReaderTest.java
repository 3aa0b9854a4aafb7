package io.certwiz.x509;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.certwiz.CertwizException;
import io.certwiz.crypto.KeyMatch;
import io.certwiz.x509.CertificateBundle.Format;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateReaderTest {
    private static final char[] PASSWORD = "s3cret!".toCharArray();

    static TestPki.Issued root;
    static TestPki.Issued intermediate;
    static TestPki.Issued leaf;

    @BeforeAll
    static void pki() {
        root = TestPki.selfSignedCa("CN=Reader Root");
        intermediate = TestPki.leaf("CN=Reader Intermediate", root);
        leaf = TestPki.leaf("CN=reader.example.com", intermediate, "reader.example.com");
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads and expects a one-line CertwizException, nothing else. */
    static CertwizException failure(byte[] data, char[] password) {
        Throwable thrown = catchThrowable(() -> CertificateReader.read(data, password));
        assertThat(thrown).isExactlyInstanceOf(CertwizException.class);
        assertThat(thrown.getMessage()).isNotBlank().doesNotContain("\n").doesNotContain("\r");
        return (CertwizException) thrown;
    }

    static List<X509Certificate> certificates(CertificateBundle bundle) {
        return bundle.certificates();
    }

    // --- each format

    @Test
    void readsOnePemCertificate() {
        CertificateBundle bundle = CertificateReader.read(ascii(TestPki.pem(leaf.certificate())), null);
        assertThat(bundle.format()).isEqualTo(Format.PEM);
        assertThat(bundle.certificates()).containsExactly(leaf.certificate());
        assertThat(bundle.privateKey()).isEmpty();
        assertThat(bundle.isChainOrPfx()).isFalse();
    }

    @Test
    void readsManyPemCertificatesInFileOrderWithTextAround() {
        String text = "Bag Attributes\n    friendlyName: leaf\nsubject=CN = reader.example.com\n"
                + TestPki.pem(leaf.certificate())
                + "\nsome comment\n"
                + TestPki.pem(intermediate.certificate(), root.certificate());
        CertificateBundle bundle = CertificateReader.read(ascii(text), null);
        assertThat(bundle.format()).isEqualTo(Format.PEM);
        assertThat(bundle.certificates())
                .containsExactly(leaf.certificate(), intermediate.certificate(), root.certificate());
        assertThat(bundle.isChainOrPfx()).isTrue();
    }

    @Test
    void readsPemAfterAByteOrderMark() {
        String pem = TestPki.pem(leaf.certificate());
        byte[] utf8 = ("\uFEFF" + pem).getBytes(StandardCharsets.UTF_8);
        byte[] utf16 = ("\uFEFF" + pem).getBytes(StandardCharsets.UTF_16LE);
        // Two files, each with its mark, put together with cat.
        byte[] catenated =
                ("\uFEFF" + pem + "\uFEFF" + TestPki.pem(root.certificate())).getBytes(StandardCharsets.UTF_8);

        assertThat(CertificateReader.read(utf8, null).certificates()).containsExactly(leaf.certificate());
        assertThat(CertificateReader.read(utf16, null).certificates()).containsExactly(leaf.certificate());
        assertThat(CertificateReader.read(catenated, null).certificates())
                .containsExactly(leaf.certificate(), root.certificate());
    }

    @Test
    void readsWindowsLineEndings() {
        String crlf = TestPki.pem(leaf.certificate()).replace("\n", "\r\n");
        assertThat(CertificateReader.read(ascii(crlf), null).certificates()).containsExactly(leaf.certificate());
    }

    @Test
    void readsAPemCertificateWithItsKey() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(leaf.certificate());
            writer.writeObject(new JcaPKCS8Generator(leaf.keys().getPrivate(), null));
        }
        CertificateBundle bundle = CertificateReader.read(ascii(out.toString()), null);
        assertThat(bundle.certificates()).containsExactly(leaf.certificate());
        assertThat(bundle.privateKey()).isPresent();
        assertThat(KeyMatch.matches(
                        bundle.privateKey().orElseThrow(), leaf.certificate().getPublicKey()))
                .isTrue();
    }

    @Test
    void readsATraditionalRsaKeyBesideItsCertificate() throws Exception {
        KeyPair rsa = TestPki.rsaKey();
        java.io.StringWriter out = new java.io.StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(leaf.certificate());
            writer.writeObject(rsa); // -----BEGIN RSA PRIVATE KEY-----
        }
        assertThat(out.toString()).contains("BEGIN RSA PRIVATE KEY");
        CertificateBundle bundle = CertificateReader.read(ascii(out.toString()), null);
        assertThat(bundle.privateKey()).isPresent();
        assertThat(KeyMatch.matches(bundle.privateKey().orElseThrow(), rsa.getPublic()))
                .isTrue();
    }

    @Test
    void readsDer() {
        CertificateBundle bundle = CertificateReader.read(TestPki.der(leaf.certificate()), null);
        assertThat(bundle.format()).isEqualTo(Format.DER);
        assertThat(bundle.certificates()).containsExactly(leaf.certificate());
        assertThat(bundle.isChainOrPfx()).isFalse();
    }

    @Test
    void readsPkcs7InDerAndPem() {
        byte[] p7b = TestPki.p7b(leaf.certificate(), intermediate.certificate(), root.certificate());
        CertificateBundle bundle = CertificateReader.read(p7b, null);
        assertThat(bundle.format()).isEqualTo(Format.PKCS7);
        assertThat(bundle.certificates())
                .containsExactlyInAnyOrder(leaf.certificate(), intermediate.certificate(), root.certificate());
        assertThat(bundle.isChainOrPfx()).isTrue();

        String pem = Pem.encode("PKCS7", p7b);
        CertificateBundle fromPem = CertificateReader.read(ascii(pem), null);
        assertThat(fromPem.format()).isEqualTo(Format.PKCS7);
        assertThat(fromPem.certificates()).hasSize(3);
    }

    @Test
    void readsAPfxWithKeyAndChain() {
        byte[] pfx = TestPki.pfx(
                leaf.keys().getPrivate(), PASSWORD, leaf.certificate(), intermediate.certificate(), root.certificate());
        CertificateBundle bundle = CertificateReader.read(pfx, PASSWORD);
        assertThat(bundle.format()).isEqualTo(Format.PKCS12);
        assertThat(bundle.certificates())
                .containsExactly(leaf.certificate(), intermediate.certificate(), root.certificate());
        assertThat(bundle.privateKey()).isPresent();
        assertThat(KeyMatch.matches(
                        bundle.privateKey().orElseThrow(), leaf.certificate().getPublicKey()))
                .isTrue();
        assertThat(bundle.isChainOrPfx()).isTrue();
    }

    @Test
    void readsAPfxWithCertificatesOnly() {
        byte[] pfx = TestPki.pfxCertificatesOnly(PASSWORD, root.certificate());
        CertificateBundle bundle = CertificateReader.read(pfx, PASSWORD);
        assertThat(bundle.format()).isEqualTo(Format.PKCS12);
        assertThat(bundle.certificates()).containsExactly(root.certificate());
        assertThat(bundle.privateKey()).isEmpty();
    }

    @Test
    void certificateParsesDer() {
        assertThat(CertificateReader.certificate(TestPki.der(root.certificate())))
                .isEqualTo(root.certificate());
    }

    // --- passwords

    @Test
    void aWrongPfxPasswordIsOneClearLine() {
        byte[] pfx = TestPki.pfx(leaf.keys().getPrivate(), PASSWORD, leaf.certificate());
        assertThat(failure(pfx, "wrong".toCharArray()).getMessage()).contains("wrong password");
    }

    @Test
    void aMissingPfxPasswordSaysHowToGiveIt() {
        byte[] pfx = TestPki.pfx(leaf.keys().getPrivate(), PASSWORD, leaf.certificate());
        assertThat(failure(pfx, null).getMessage()).contains("--password-file");
    }

    @Test
    void anEncryptedPemKeyIsRefused() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(leaf.certificate());
            writer.writeObject(new JcaPKCS8Generator(
                    leaf.keys().getPrivate(),
                    new JceOpenSSLPKCS8EncryptorBuilder(org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
                            .setProvider(io.certwiz.crypto.Providers.bc())
                            .setPassword(PASSWORD)
                            .build()));
        }
        assertThat(failure(ascii(out.toString()), null).getMessage()).contains("encrypted private key");
    }

    // --- not a certificate

    @Test
    void aCsrIsNotACertificate() {
        String csr = Pem.encode(TestPki.csr("req.example.com", TestPki.ecKey()));
        assertThat(csr).contains("BEGIN CERTIFICATE REQUEST");
        assertThat(failure(ascii(csr), null).getMessage()).contains("certificate request");
    }

    @Test
    void aDerCsrIsNotACertificate() throws Exception {
        byte[] der = TestPki.csr("req.example.com", TestPki.ecKey()).getEncoded();
        CertwizException e = failure(der, null);
        assertThat(e.getMessage()).contains("certificate request");
    }

    @Test
    void aPemKeyAloneHoldsNoCertificate() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(new JcaPKCS8Generator(leaf.keys().getPrivate(), null));
        }
        assertThat(failure(ascii(out.toString()), null).getMessage()).contains("no certificate, only a private key");
    }

    @Test
    void anEmptyFile() {
        assertThat(failure(new byte[0], null).getMessage()).contains("empty");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "hello world",
                "-----BEGIN CERTIFICATE-----\n",
                "-----BEGIN CERTIFICATE-----\nnot base64 !!!\n-----END CERTIFICATE-----\n",
                "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
                "-----BEGIN PKCS7-----\nMAA=\n-----END PKCS7-----\n",
                "-----BEGIN PKCS7-----\nMAsGCSqGSIb3DQEHAg==\n-----END PKCS7-----\n",
                "-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n",
                "-----BEGIN RSA PRIVATE KEY-----\nMAA=\n-----END RSA PRIVATE KEY-----\n",
                "-----BEGIN EC PRIVATE KEY-----\nMAA=\n-----END EC PRIVATE KEY-----\n",
                "-----BEGIN X509 CRL-----\nMAA=\n-----END X509 CRL-----\n",
                "-----BEGIN PUBLIC KEY-----\nMAA=\n-----END PUBLIC KEY-----\n",
                "-----BEGIN NONSENSE-----\nMAA=\n-----END NONSENSE-----\n",
                "-----BEGIN CERTIFICATE-----\nMAA=\n-----END PKCS7-----\n",
            })
    void malformedPem(String text) {
        failure(ascii(text), null);
    }

    @Test
    void aTruncatedPemCertificate() {
        String pem = TestPki.pem(leaf.certificate());
        String cut = pem.substring(0, pem.length() / 2) + "\n-----END CERTIFICATE-----\n";
        failure(ascii(cut), null);
        failure(ascii(pem.substring(0, pem.length() - 10)), null);
    }

    @Test
    void aPemWithACorruptedBody() {
        String pem = TestPki.pem(leaf.certificate());
        String body = pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        byte[] der = Base64.getDecoder().decode(body);
        failure(ascii(Pem.encode("CERTIFICATE", Arrays.copyOf(der, der.length / 2))), null);
        byte[] badLength = der.clone();
        badLength[2] ^= 0x40; // the outer SEQUENCE's length
        failure(ascii(Pem.encode("CERTIFICATE", badLength)), null);
        byte[] badTag = der.clone();
        badTag[4] = 0x04; // TBSCertificate is no longer a SEQUENCE
        failure(ascii(Pem.encode("CERTIFICATE", badTag)), null);
    }

    @Test
    void malformedDer() {
        byte[] der = TestPki.der(leaf.certificate());
        failure(Arrays.copyOf(der, der.length - 1), null); // truncated
        failure(Arrays.copyOf(der, 10), null);
        failure(new byte[] {0x30, 0x00}, null);
        failure(new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, null);
        failure(new byte[] {0x02, 0x01, 0x00}, null); // an INTEGER, not a SEQUENCE
        failure(new byte[] {0x30, 0x06, 0x0c, 0x01, 0x61, 0x0c, 0x01, 0x62}, null); // two strings
        failure(new byte[] {(byte) 0xff, (byte) 0xfe, 0x00}, null);
        byte[] flipped = der.clone();
        flipped[40] ^= (byte) 0xff;
        failure(flipped, null);
        byte[] trailing = Arrays.copyOf(der, der.length + 4);
        failure(trailing, null);
    }

    @Test
    void malformedPkcs7() {
        byte[] p7b = TestPki.p7b(leaf.certificate(), root.certificate());
        failure(Arrays.copyOf(p7b, p7b.length - 5), null);
        failure(Arrays.copyOf(p7b, 30), null);
        // a SignedData content type with no content
        failure(
                new byte[] {
                    0x30,
                    0x0d,
                    0x06,
                    0x09,
                    0x2a,
                    (byte) 0x86,
                    0x48,
                    (byte) 0x86,
                    (byte) 0xf7,
                    0x0d,
                    0x01,
                    0x07,
                    0x02,
                    0x05,
                    0x00
                },
                null);
        // an unknown content type
        failure(new byte[] {0x30, 0x07, 0x06, 0x03, 0x2a, 0x03, 0x04, 0x05, 0x00}, null);
        byte[] flipped = p7b.clone();
        for (int i = 20; i < flipped.length; i += 97) {
            flipped[i] ^= 0x21;
        }
        failure(flipped, null);
        // a certificates-only PKCS#7 with no certificates at all
        assertThat(failure(TestPki.p7b(), null).getMessage()).contains("no certificate");
    }

    @Test
    void malformedPkcs12() {
        byte[] pfx = TestPki.pfx(leaf.keys().getPrivate(), PASSWORD, leaf.certificate());
        failure(Arrays.copyOf(pfx, pfx.length - 7), PASSWORD);
        failure(Arrays.copyOf(pfx, 40), PASSWORD);
        failure(new byte[] {0x30, 0x06, 0x02, 0x01, 0x03, 0x30, 0x01, 0x00}, PASSWORD);
        failure(new byte[] {0x30, 0x06, 0x02, 0x01, 0x03, 0x02, 0x01, 0x00}, PASSWORD);
        byte[] flipped = pfx.clone();
        flipped[pfx.length / 2] ^= 0x40;
        failure(flipped, PASSWORD);
        byte[] flippedMac = pfx.clone();
        flippedMac[pfx.length - 30] ^= 0x01;
        failure(flippedMac, PASSWORD);
    }

    @Test
    void aPfxWithNoCertificate() throws Exception {
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        store.load(null, null);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        store.store(out, PASSWORD);
        assertThat(failure(out.toByteArray(), PASSWORD).getMessage()).contains("no certificate");
    }
}
