package io.certwiz.interop;

import static io.certwiz.testing.Tools.openssl;
import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.testing.Cli;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Private keys are encrypted at rest: the store's files never hold a key's PKCS#8 DER (as openssl
 * extracts it from an exported PFX), its traditional DER, nor its raw private value; and the secret
 * files are owner-only.
 */
class KeysAtRestInteropTest {
    private static final String PASSWORD = "at-rest-pass";

    @TempDir
    Path temp;

    @Test
    void theDatabaseNeverHoldsAPrivateKeyInTheClear() throws Exception {
        Cli cli = Cli.in(temp);
        cli.init();
        Path passwordFile = Cli.writeString(temp.resolve("password.txt"), PASSWORD + "\n");
        String ec = cli.request("Default", "--exportable");
        String rsa = cli.run("request", "--usage", "WebServicesInternal", "--key", "rsa-2048", "--exportable", "--json")
                .ok()
                .json()
                .path("certificate")
                .path("thumbprint")
                .asText();
        cli.run(
                        "request",
                        "--usage",
                        "WebServicesExternal",
                        "--key",
                        "ec-p256",
                        "--exportable",
                        "--offline",
                        "--out",
                        temp.resolve("pending.csr").toString())
                .ok();
        assertThat(Files.getPosixFilePermissions(cli.data())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.getPosixFilePermissions(cli.data().resolve("master.key")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));

        for (String thumbprint : List.of(ec, rsa)) {
            Path pfx = temp.resolve(thumbprint + ".pfx");
            Path pem = temp.resolve(thumbprint + "-key.pem");
            cli.run(
                            "export",
                            thumbprint,
                            "--format",
                            "pfx",
                            "--with-key",
                            "--password-file",
                            passwordFile.toString(),
                            "--out",
                            pfx.toString())
                    .ok();
            cli.run(
                            "export",
                            thumbprint,
                            "--with-key",
                            "--password-file",
                            passwordFile.toString(),
                            "--out",
                            pem.toString())
                    .ok();
            assertThat(Files.getPosixFilePermissions(pfx)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(pem)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

            // The key's PKCS#8 DER, as openssl gets it out of the PFX.
            Path keyPem = temp.resolve(thumbprint + "-plain.pem");
            Path keyDer = temp.resolve(thumbprint + "-plain.der");
            openssl(
                            temp,
                            "pkcs12",
                            "-in",
                            pfx.toString(),
                            "-passin",
                            "file:" + passwordFile,
                            "-nocerts",
                            "-nodes",
                            "-out",
                            keyPem.toString())
                    .ok();
            openssl(
                            temp,
                            "pkcs8",
                            "-topk8",
                            "-nocrypt",
                            "-in",
                            keyPem.toString(),
                            "-outform",
                            "DER",
                            "-out",
                            keyDer.toString())
                    .ok();
            byte[] pkcs8 = Files.readAllBytes(keyDer);
            assertThat(pkcs8.length).isGreaterThan(60);
            // And the traditional form (SEC 1 or PKCS#1) that openssl pkey writes.
            Path traditional = temp.resolve(thumbprint + "-traditional.der");
            openssl(temp, "pkey", "-in", keyPem.toString(), "-outform", "DER", "-out", traditional.toString())
                    .ok();

            byte[] store = storeBytes(cli.data());
            assertThat(indexOf(store, pkcs8))
                    .as("PKCS#8 DER of %s in the store", thumbprint)
                    .isEqualTo(-1);
            assertThat(indexOf(store, Files.readAllBytes(traditional)))
                    .as("traditional DER of %s in the store", thumbprint)
                    .isEqualTo(-1);
            byte[] secret = privateValue(pkcs8);
            assertThat(secret.length).isGreaterThanOrEqualTo(32);
            assertThat(indexOf(store, secret))
                    .as("raw private value of %s in the store", thumbprint)
                    .isEqualTo(-1);
        }
        // Control: the scan does find bytes that are stored in the clear (a certificate's DER).
        Path cer = temp.resolve("leaf.cer");
        cli.run("export", ec, "--format", "der", "--out", cer.toString()).ok();
        assertThat(indexOf(storeBytes(cli.data()), Files.readAllBytes(cer))).isNotEqualTo(-1);
    }

    /** Every file of the data directory except the master key, concatenated. */
    private static byte[] storeBytes(Path data) throws IOException {
        List<byte[]> parts = new ArrayList<>();
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.getFileName().toString().equals("master.key")) {
                    parts.add(Files.readAllBytes(file));
                }
            }
        }
        int size = parts.stream().mapToInt(p -> p.length).sum();
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        assertThat(size).isGreaterThan(10_000);
        return all;
    }

    /** The private scalar of an EC key, or the private exponent of an RSA key, as unsigned big-endian bytes. */
    private static byte[] privateValue(byte[] pkcs8) throws Exception {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(pkcs8);
        PrivateKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePrivate(spec);
        } catch (InvalidKeySpecException e) {
            key = KeyFactory.getInstance("RSA").generatePrivate(spec);
        }
        if (key instanceof ECPrivateKey ec) {
            // Fixed length, as a SEC 1 private key holds it.
            return unsigned(ec.getS(), (ec.getParams().getOrder().bitLength() + 7) / 8);
        }
        BigInteger exponent = ((RSAPrivateCrtKey) key).getPrivateExponent();
        return unsigned(exponent, (exponent.bitLength() + 7) / 8);
    }

    private static byte[] unsigned(BigInteger value, int length) {
        byte[] bytes = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(bytes.length, length);
        System.arraycopy(bytes, bytes.length - copy, out, length - copy, copy);
        return out;
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
