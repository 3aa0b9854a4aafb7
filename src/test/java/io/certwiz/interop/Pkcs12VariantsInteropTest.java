package io.certwiz.interop;

import static io.certwiz.interop.FingerprintInteropTest.fingerprint;
import static io.certwiz.testing.Tools.openssl;
import static org.assertj.core.api.Assertions.assertThat;

import io.certwiz.testing.Cli;
import io.certwiz.testing.Tools;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PKCS#12 files that the JDK's KeyStore reads as empty: CA certificates only (openssl {@code -nokeys}),
 * unencrypted without a MAC, and Python cryptography's unencrypted files. certwiz imports what they hold.
 */
class Pkcs12VariantsInteropTest {
    private static final String PASSWORD = "Pfx-variants-1";

    @TempDir
    Path temp;

    Cli cli;
    Path passwordFile;
    OpensslCa ca;
    Path[] server;

    @BeforeEach
    void setUp() {
        cli = Cli.in(temp);
        cli.init();
        passwordFile = Cli.writeString(temp.resolve("password.txt"), PASSWORD + "\n");
        ca = OpensslCa.create(temp, "variants");
        server = ca.server("server", List.of(Cli.POOL, Cli.FQDN));
    }

    private Path pkcs12(String name, String... options) {
        Path pfx = temp.resolve(name);
        List<String> args = new ArrayList<>(List.of("pkcs12", "-export", "-out", pfx.toString()));
        args.addAll(List.of(options));
        openssl(temp, args.toArray(String[]::new)).ok();
        return pfx;
    }

    private boolean hasKey(Path certificate) {
        return cli.run("show", fingerprint(certificate, "sha1"), "--json")
                .ok()
                .json()
                .path("hasPrivateKey")
                .asBoolean();
    }

    @Test
    void caCertificatesOnly() {
        Path pfx = pkcs12(
                "cas.pfx",
                "-nokeys",
                "-in",
                ca.root.toString(),
                "-certfile",
                ca.intermediate.toString(),
                "-passout",
                "file:" + passwordFile);

        cli.run("import", pfx.toString(), "--password-file", passwordFile.toString())
                .ok();

        List<String> stored = new ArrayList<>(cli.thumbprints("root"));
        stored.addAll(cli.thumbprints("intermediate"));
        assertThat(stored).contains(fingerprint(ca.root, "sha1"), fingerprint(ca.intermediate, "sha1"));
    }

    @Test
    void unencryptedWithoutMac() {
        Path pfx = pkcs12(
                "plain.pfx",
                "-inkey",
                server[0].toString(),
                "-in",
                server[1].toString(),
                "-certfile",
                ca.intermediate.toString(),
                "-nomac",
                "-keypbe",
                "NONE",
                "-certpbe",
                "NONE",
                "-passout",
                "pass:");

        cli.run("import", pfx.toString()).ok();

        assertThat(hasKey(server[1])).isTrue();
        assertThat(cli.thumbprints("intermediate")).contains(fingerprint(ca.intermediate, "sha1"));
    }

    @Test
    void pythonCryptographyUnencrypted() {
        Path pfx = temp.resolve("python.pfx");
        Path cas = temp.resolve("python-cas.pfx");
        String script = String.join(
                "\n",
                "import sys",
                "from cryptography import x509",
                "from cryptography.hazmat.primitives.serialization import pkcs12, load_pem_private_key, NoEncryption",
                "key = load_pem_private_key(open(sys.argv[1], 'rb').read(), None)",
                "cert = x509.load_pem_x509_certificate(open(sys.argv[2], 'rb').read())",
                "ca = x509.load_pem_x509_certificate(open(sys.argv[3], 'rb').read())",
                "open(sys.argv[4], 'wb').write(pkcs12.serialize_key_and_certificates(b'server', key, cert, [ca],"
                        + " NoEncryption()))",
                "open(sys.argv[5], 'wb').write(pkcs12.serialize_key_and_certificates(None, None, None, [ca],"
                        + " NoEncryption()))");
        Tools.run(
                        temp,
                        List.of(
                                "python3",
                                "-c",
                                script,
                                server[0].toString(),
                                server[1].toString(),
                                ca.intermediate.toString(),
                                pfx.toString(),
                                cas.toString()))
                .ok();

        cli.run("import", pfx.toString()).ok();
        assertThat(hasKey(server[1])).isTrue();
        assertThat(cli.thumbprints("intermediate")).contains(fingerprint(ca.intermediate, "sha1"));

        Cli other = new Cli(temp.resolve("other"));
        other.init();
        other.run("import", cas.toString()).ok();
        assertThat(other.thumbprints("intermediate")).contains(fingerprint(ca.intermediate, "sha1"));
    }

    @Test
    void aPfxThatHoldsOnlyAKeySaysSo() {
        Path pfx =
                pkcs12("key-only.pfx", "-nocerts", "-inkey", server[0].toString(), "-passout", "file:" + passwordFile);

        Cli.Result result = cli.run("import", pfx.toString(), "--password-file", passwordFile.toString())
                .failsWithOneLine(1);

        assertThat(result.err()).contains("holds no certificate").contains("only a private key");
    }
}
