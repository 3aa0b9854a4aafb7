package io.certwiz.interop;

import static io.certwiz.testing.Tools.openssl;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.certwiz.testing.Cli;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** certwiz's thumbprint is openssl's SHA-1 fingerprint; its SHA-256 is openssl's SHA-256 fingerprint. */
class FingerprintInteropTest {
    @TempDir
    Path temp;

    /** "SHA1 Fingerprint=AB:CD:..." as 40 uppercase hex digits. */
    static String fingerprint(Path certificate, String digest) {
        String out = openssl(
                        certificate.getParent(),
                        "x509",
                        "-in",
                        certificate.toString(),
                        "-noout",
                        "-fingerprint",
                        "-" + digest)
                .ok()
                .out()
                .strip();
        assertThat(out).contains("Fingerprint=");
        return out.substring(out.indexOf('=') + 1).replace(":", "");
    }

    @Test
    void everyStoredCertificateMatchesOpenssl() {
        Cli cli = Cli.in(temp);
        cli.init();
        cli.request("Default");
        cli.run("request", "--usage", "WebServicesInternal", "--key", "rsa-2048", "--json")
                .ok();

        JsonNode all = cli.run("list", "--json").ok().json();
        assertThat(all).hasSize(4);
        for (JsonNode certificate : all) {
            String thumbprint = certificate.path("thumbprint").asText();
            Path pem = temp.resolve(thumbprint + ".pem");
            cli.run("export", thumbprint, "--out", pem.toString()).ok();

            assertThat(fingerprint(pem, "sha1"))
                    .as(certificate.path("subject").asText())
                    .isEqualTo(thumbprint);
            assertThat(fingerprint(pem, "sha256"))
                    .isEqualTo(certificate.path("sha256").asText());
            // And the serial number as openssl prints it.
            String serial = openssl(temp, "x509", "-in", pem.toString(), "-noout", "-serial")
                    .ok()
                    .out()
                    .strip();
            assertThat(serial)
                    .isEqualTo("serial=" + certificate.path("serialNumber").asText());
        }
    }

    @Test
    void anOpensslCertificateImportedGetsOpensslsFingerprint() {
        OpensslCa ca = OpensslCa.create(temp, "fp");
        Path[] server = ca.server("server", List.of("fp.example.com"));
        Cli cli = Cli.in(temp);
        cli.init();

        JsonNode imported = cli.run("import", ca.root.toString(), "--store", "root", "--json")
                .ok()
                .json()
                .path("imported")
                .get(0);
        cli.run("import", server[1].toString(), "--store", "personal").ok();

        assertThat(imported.path("thumbprint").asText()).isEqualTo(fingerprint(ca.root, "sha1"));
        String leaf = fingerprint(server[1], "sha1");
        JsonNode view =
                cli.run("show", leaf.toLowerCase(Locale.ROOT), "--json").ok().json();
        assertThat(view.path("sha256").asText()).isEqualTo(fingerprint(server[1], "sha256"));
    }
}
